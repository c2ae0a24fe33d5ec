"""JupyterHub's configuration for the workshop room (room/room.py starts the hub with it).

Everything that differs between rooms is in /etc/pir-room/room.json, written by `room.py setup`:
where the hub listens, the limits, the culling times. Learners are Unix users in the group
`pir-learners`, logged in by PAM with the password the instructor handed out; each one's server runs
as that user (the local process spawner), in their own cgroups where the host has them (limits.py).
"""

import json
import os
import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import limits  # noqa: E402

SETTINGS = json.loads(Path(os.environ.get("PIR_ROOM_SETTINGS", "/etc/pir-room/room.json")).read_text())
PREFIX = Path(SETTINGS["prefix"])
STATE = Path(SETTINGS["state"])

c = get_config()  # noqa: F821 (JupyterHub provides it)


class RoomSpawner(LocalProcessSpawner):
    """The local process spawner, with the learner's server put in their cgroups before it drops root."""

    def make_preexec_fn(self, name):
        drop_root = super().make_preexec_fn(name)

        def preexec():
            limits.join(name)
            drop_root()

        return preexec

    async def start(self):
        limits.create(name=self.user.name, memory_bytes=SETTINGS["memory_bytes"],
                      cpu_cores=SETTINGS["cpu_cores"])
        return await super().start()


# Where the hub listens: loopback unless the room was set up with another address (put TLS in front).
c.JupyterHub.bind_url = f"http://{SETTINGS['ip']}:{SETTINGS['port']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{SETTINGS['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [str(PREFIX / "proxy/node_modules/.bin/configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# Learners log in with their Unix account's password. Only the room's group may log in; no one is an
# admin in the web interface: the instructor runs room.py as root (it holds the room service's token).
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {SETTINGS["group"]}
c.PAMAuthenticator.open_sessions = False
c.Authenticator.admin_users = set(SETTINGS.get("admins", []))

c.JupyterHub.spawner_class = RoomSpawner
c.Spawner.cmd = [str(PREFIX / "hub/bin/jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~/parallelism-in-rust/notebooks"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {"PIR_KERNEL_SLOTS": str(SETTINGS["slots"])}
# A kernel left idle in a closed tab holds its slot and its memory: the server ends it.
c.Spawner.args = [f"--MappingKernelManager.cull_idle_timeout={SETTINGS['kernel_idle_s']}",
                  "--MappingKernelManager.cull_interval=60",
                  "--MappingKernelManager.default_kernel_name=rust"]

# The room's own service: the instructor's tools (room.py) and the idle culler, with only the scopes
# they need. The token is read from a root-only file.
token = (STATE / "service-token").read_text().strip()
c.JupyterHub.services = [
    {"name": "room", "api_token": token},
    {"name": "idle-culler",
     "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                 f"--timeout={SETTINGS['server_idle_s']}", "--cull-every=120"]},
]
c.JupyterHub.load_roles = [
    {"name": "room", "services": ["room"],
     "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]
