"""Inside the sandbox: a template that has imported ipykernel and pandas, forking one kernel per notebook.

This file runs as ``python -c`` inside the template's sandbox (:mod:`grading.kernel_template`
starts it), where the course checkout is not mounted: it uses the standard library only,
plus what it preloads. It is the one place where a learner's kernel gets its sandbox when
it is forked rather than started, so it does, per kernel, what ``bwrap``, ``setpriv`` and
``prlimit`` do for a started one (:func:`grading.sandbox.sandbox_command`):

1. a first child unshares every namespace but the user one (mount, network, IPC, UTS, PID),
   makes its mounts private and builds the kernel's view: its scratch copy at
   :data:`WORKDIR`, its runtime folder at the same path as outside, a fresh ``/tmp`` and
   ``/dev/shm`` (with the installation and the course's packages mounted again, read-only,
   where they live under ``/tmp``); the pool of all kernels' folders is detached, so no other notebook's
   folder can be reached;
2. it forks the kernel, process 1 of a PID namespace of its own: when the kernel ends or
   is killed, everything it started ends with it, and it sees no other process;
3. the kernel mounts its own ``/proc``, starts a new session, sets the limits, drops every
   capability from the bounding set, takes the unused uid the grader chose, sets
   ``no_new_privs``, closes every inherited file, clears the environment and checks that
   it holds no capability at all before it runs ipykernel. A step that fails ends the
   child: no kernel runs with less of a sandbox.

The template itself ran no learner code and no test: every kernel is a fresh copy of it.
"""

import ctypes
import json
import os
import resource
import select
import signal
import socket
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 4096, 8192, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 38, 24, 47, 4

#: The kernel's working folder (its scratch copy of the learner's folder).
WORKDIR = "/werk"
#: Where the runtime folder is mounted for a moment, before it moves to its own path.
STAGING = "/kernel"
#: Imported once, before any fork: what a kernel imports while it starts (its debugger
#: above all) and what the course's notebooks use. None of them starts a thread.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "IPython.core.debugger",
           "IPython.core.completerlib", "IPython.core.oinspect", "IPython.core.logger",
           "IPython.extensions.storemagic", "sqlite3", "faulthandler", "tornado.platform.asyncio",
           "tornado.queues", "tornado.locks", "numpy", "pandas", "pandas.io.formats.html",
           "pandas.io.formats.string", "matplotlib")

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
_libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


def _ok(result):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))


def _mount(source, target, kind, flags, data=None):
    _ok(_libc.mount(source and source.encode(), target.encode(), kind and kind.encode(), flags,
                    data and data.encode()))


def _bind(source, target):
    _mount(source, target, None, MS_BIND)
    _mount(None, target, None, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV)


def _build_view(request):
    """Step 1, in the first child: its namespaces and what the kernel will see."""
    _ok(_libc.unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET))
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    folder = os.path.join(request["pool"], request["name"])
    _bind(os.path.join(folder, "scratch"), WORKDIR)
    _bind(os.path.join(folder, "runtime"), STAGING)
    # The pool holds every kernel's folders: gone from this view before the kernel exists.
    _ok(_libc.umount2(request["pool"].encode(), MNT_DETACH))
    # The installation and the course's packages may live under /tmp (a course checked out
    # there): held open now, mounted again read-only on the fresh /tmp below.
    keep = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY)) for path in request["keep"]
            if path == "/tmp" or path.startswith("/tmp/")]
    for tmp in ("/tmp", "/dev/shm"):
        if os.path.isdir(tmp):
            _mount("tmpfs", tmp, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=512m")
    for path, fd in keep:
        os.makedirs(path, mode=0o755, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.close(fd)
    # The kernel's sockets live in the runtime folder under the path the grader knows.
    runtime = os.path.join(folder, "runtime")
    os.makedirs(runtime, mode=0o755)
    _mount(STAGING, runtime, None, MS_MOVE)


def _capabilities():
    with open("/proc/self/status") as status:
        return {line.split(":")[0]: int(line.split()[1], 16) for line in status
                if line.startswith(("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"))}


def _become_kernel(request, ready):
    """Step 3, in the kernel (process 1 of its PID namespace); ``ready`` hears it is sandboxed."""
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.setsid()
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    # Every inherited file but ``ready``: the template's channel to the grader above all.
    os.closerange(3, ready)
    os.closerange(ready + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    for name, value in request["limits"].items():
        limit = getattr(resource, name)
        resource.setrlimit(limit, (value, value))
    with open("/proc/sys/kernel/cap_last_cap") as last:
        for cap in range(int(last.read()) + 1):
            _ok(_libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0))
    _ok(_libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0))
    uid = request["uid"]
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _ok(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
    if any(_capabilities().values()) or os.getuid() != uid or os.geteuid() != uid:
        raise PermissionError("the kernel still holds a privilege")
    os.write(ready, b"1")
    os.close(ready)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(WORKDIR)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as in any Python process
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()  # a fresh kernel draws fresh random numbers
    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def _fork_kernel(channel, request):
    """In the first child: build the view, fork the kernel, hand the grader a pidfd of it."""
    _build_view(request)
    heard, ready = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(heard)
            _become_kernel(request, ready)
        finally:
            os._exit(70)
    os.close(ready)
    pidfd = os.pidfd_open(pid)
    # Only a kernel that reached its sandbox is handed over; else the grader starts one.
    if os.read(heard, 1) != b"1":
        raise OSError("the forked kernel did not reach its sandbox")
    socket.send_fds(channel, [json.dumps({"pid": pid}).encode() + b"\n"], [pidfd])


def _answer(channel, message):
    """Fork one kernel for one request of one worker; tell the worker if none came of it."""
    try:
        request = json.loads(message)
    except ValueError:
        request = None
    child = os.fork() if request is not None else -1
    if child == 0:
        try:
            _fork_kernel(channel, request)
            os._exit(0)
        finally:
            os._exit(71)
    if child < 0 or os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) != 0:
        try:
            channel.send(b'{"pid": 0}\n')
        except OSError:
            pass


def serve(listener):
    """The template's loop: every worker connects once, then asks for one kernel at a time."""
    workers = []
    while True:
        ready, _, _ = select.select([listener, *workers], [], [])
        for channel in ready:
            if channel is listener:
                worker, _ = listener.accept()
                worker.send(b"ready\n")
                workers.append(worker)
                continue
            try:
                message = channel.recv(65536)
            except OSError:
                message = b""
            if not message:  # that worker is done
                workers.remove(channel)
                channel.close()
                continue
            _answer(channel, message)


def main():
    listener = socket.socket(fileno=int(sys.argv[1]))
    import importlib

    for name in PRELOAD + tuple(sys.argv[2:]):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (the kernel imports it again, and fails there)
            pass
    # A fork copies one thread only: a template with more could hand a kernel a lock held
    # by a thread that is not there. Then no kernel is forked (the grader starts them).
    if len(os.listdir("/proc/self/task")) != 1:
        return
    serve(listener)


if __name__ == "__main__":
    main()
