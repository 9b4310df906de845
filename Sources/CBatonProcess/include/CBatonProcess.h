#ifndef C_BATON_PROCESS_H
#define C_BATON_PROCESS_H

#include <stdint.h>
#include <sys/types.h>

/// What to start: everything is prepared by the caller before the fork, because between fork
/// and exec the child may only make async-signal-safe calls.
typedef struct {
    /// The executable's path, already resolved (absolute, or relative to `working_directory`).
    const char *path;
    /// NULL-terminated, `argv[0]` first.
    char *const *argv;
    /// NULL-terminated `NAME=value` strings: the child's whole environment.
    char *const *envp;
    /// Where the child runs.
    const char *working_directory;
    /// Become standard input, output and error of the child (the caller keeps them open).
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
} baton_spawn_request;

/// Which step of a spawn failed.
typedef enum {
    BATON_SPAWN_OK = 0,
    /// In the parent: creating the report pipe or forking (`error` says why: EAGAIN, ENOMEM).
    BATON_SPAWN_FORK_FAILED = 1,
    /// In the child, before exec: `chdir` to the working directory.
    BATON_SPAWN_CHDIR_FAILED = 2,
    /// In the child: `execve`.
    BATON_SPAWN_EXEC_FAILED = 3,
    /// In the child: setting up its process group, death signal or standard streams.
    BATON_SPAWN_SETUP_FAILED = 4,
    /// The parent died between fork and the child's `prctl`: the child gave up.
    BATON_SPAWN_PARENT_GONE = 5,
} baton_spawn_stage;

typedef struct {
    /// The child's process id (also its process group id) when `stage` is `BATON_SPAWN_OK`.
    pid_t pid;
    baton_spawn_stage stage;
    /// The errno of the failed step.
    int error;
} baton_spawn_result;

/// Starts a child on Baton's one fork thread and waits until it has exec'd or failed.
///
/// The child leads a process group of its own, gets SIGKILL when the fork thread's process
/// dies (`PR_SET_PDEATHSIG`; the thread lives as long as the process, so the signal comes only
/// with the process's death), starts with default signal dispositions and an empty mask, and
/// has no other descriptor than its three standard streams.
/// When the result is not OK the child, if one was forked, has been reaped.
void baton_spawn(const baton_spawn_request *request, baton_spawn_result *result);

/// `pidfd_open(2)`: a descriptor (close-on-exec) that becomes readable when `pid` exits; -1 and
/// errno on failure.
int baton_pidfd_open(pid_t pid);

/// `pipe2(fds, O_CLOEXEC)` (glibc declares `pipe2` only with _GNU_SOURCE, which Swift does not set).
int baton_pipe_cloexec(int fds[2]);

/// An epoll instance (close-on-exec); -1 and errno on failure.
int baton_epoll_create(void);
/// Adds `fd` to `epoll_fd` for `events` (EPOLLIN and the like), tagged with `token`.
int baton_epoll_add(int epoll_fd, int fd, uint32_t events, uint64_t token);
/// Removes `fd` from `epoll_fd`.
int baton_epoll_remove(int epoll_fd, int fd);
/// Waits for events: fills `tokens` and `events` with at most `capacity` entries and returns
/// their count; -1 and errno on failure (EINTR included).
int baton_epoll_wait(int epoll_fd, uint64_t *tokens, uint32_t *events, int capacity, int timeout_ms);

/// The event bits, named for Swift.
extern const uint32_t baton_epoll_in;
extern const uint32_t baton_epoll_hup;
extern const uint32_t baton_epoll_err;

#endif
