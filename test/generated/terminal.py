"""Drive the built CLI in a real pseudo-terminal: what a person at a keyboard sees and does.

Usage: terminal.py CWD KEYS... -- COMMAND...
Each KEYS argument is sent once new output has appeared and then been quiet for a moment (a
prompt is drawn and waiting);
escapes such as \\r and \\x03 are decoded. Prints the exit code on the first line, then the output.
"""

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

QUIET = 0.6  # seconds without output: the prompt is drawn and waiting
LIMIT = 60.0  # seconds: the whole session


def main() -> int:
    split = sys.argv.index("--")
    cwd, keys, command = sys.argv[1], sys.argv[2:split], sys.argv[split + 1 :]
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(cwd)
        env = {k: v for k, v in os.environ.items() if k != "CI"}
        os.execvpe(command[0], command, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    output = b""
    pending = [k.encode().decode("unicode_escape").encode() for k in keys]
    start = last = time.time()
    drawn = False  # output arrived since the last key was sent
    while time.time() - start < LIMIT:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            last = time.time()
            drawn = True
        elif pending and drawn and time.time() - last > QUIET:
            os.write(fd, pending.pop(0))
            last = time.time()
            drawn = False
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status))
    sys.stdout.write(output.decode("utf8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
