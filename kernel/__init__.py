"""The Rust kernel's launcher (launch.py), its registration (register.py) and the crate prefetch
(prefetch.py). Each runs as a script; the package lets the tests import them as `kernel.launch`
and so on, without editing sys.path."""
