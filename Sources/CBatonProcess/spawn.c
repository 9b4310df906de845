// Starting children for Baton's service supervisor: fork on one dedicated thread, set the child
// up with async-signal-safe calls only, exec, report a failure through a close-on-exec pipe.

#define _GNU_SOURCE
#include "CBatonProcess.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// ---------------------------------------------------------------------------------------------
// The child, between fork and exec: async-signal-safe calls only.

struct spawn_report {
    int stage;
    int error;
};

static void report_and_exit(int report_fd, int stage, int error) {
    struct spawn_report report = {stage, error};
    ssize_t written;
    do {
        written = write(report_fd, &report, sizeof report);
    } while (written < 0 && errno == EINTR);
    _exit(127);
}

/// Makes `fd` descriptor `target` of the child, without close-on-exec.
static int move_to(int fd, int target) {
    if (fd == target) {
        int flags = fcntl(fd, F_GETFD);
        return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    int result;
    do {
        result = dup2(fd, target);
    } while (result < 0 && errno == EINTR);
    return result < 0 ? -1 : 0;
}

/// Closes every descriptor from `low` to `high` inclusive: `close_range` where the kernel has it
/// (5.9+), a loop over the possible descriptors otherwise.
static void close_descriptors(int low, int high) {
    if (low > high) return;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned int)low, (unsigned int)high, 0) == 0) return;
#endif
    long limit = sysconf(_SC_OPEN_MAX);
    if (limit < 0 || limit > 1 << 20) limit = 1 << 20;
    for (long fd = low; fd <= high && fd < limit; fd++) close((int)fd);
}

static void run_child(const baton_spawn_request *request, pid_t parent, int report_fd) {
    // Default dispositions first (Baton ignores SIGPIPE, and ignored signals stay ignored across
    // exec), then an empty mask (the fork thread blocks every signal).
    struct sigaction default_action = {0};
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    for (int signal_number = 1; signal_number < NSIG; signal_number++) {
        if (signal_number == SIGKILL || signal_number == SIGSTOP) continue;
        sigaction(signal_number, &default_action, NULL);  // fails harmlessly for glibc's reserved ones
    }
    sigset_t empty;
    sigemptyset(&empty);
    if (sigprocmask(SIG_SETMASK, &empty, NULL) != 0) report_and_exit(report_fd, BATON_SPAWN_SETUP_FAILED, errno);

    if (setpgid(0, 0) != 0) report_and_exit(report_fd, BATON_SPAWN_SETUP_FAILED, errno);

    // Die with Baton. The signal would not come if Baton died before this call, so check that the
    // parent is still the one that forked.
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) report_and_exit(report_fd, BATON_SPAWN_SETUP_FAILED, errno);
    if (getppid() != parent) report_and_exit(report_fd, BATON_SPAWN_PARENT_GONE, ESRCH);

    if (move_to(request->stdin_fd, 0) != 0 || move_to(request->stdout_fd, 1) != 0 || move_to(request->stderr_fd, 2) != 0) {
        report_and_exit(report_fd, BATON_SPAWN_SETUP_FAILED, errno);
    }
    // Nothing else of Baton's leaks into the child; the report pipe closes itself at exec.
    if (report_fd > 3) close_descriptors(3, report_fd - 1);
    close_descriptors(report_fd + 1, ~0U >> 1);

    if (chdir(request->working_directory) != 0) report_and_exit(report_fd, BATON_SPAWN_CHDIR_FAILED, errno);
    execve(request->path, request->argv, request->envp);
    report_and_exit(report_fd, BATON_SPAWN_EXEC_FAILED, errno);
}

// ---------------------------------------------------------------------------------------------
// The parent, on the fork thread.

static void spawn_prepared(const baton_spawn_request *request, baton_spawn_result *result);

/// A copy of `fd` at 3 or above when it is one of the standard descriptors, which the child's
/// `dup2`s would overwrite before using it; -1 and errno when it cannot be copied.
static int above_standard_streams(int fd, int *copies, int *copy_count) {
    if (fd > 2) return fd;
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (copy >= 0) copies[(*copy_count)++] = copy;
    return copy;
}

static void spawn_now(const baton_spawn_request *original, baton_spawn_result *result) {
    result->pid = -1;
    result->stage = BATON_SPAWN_OK;
    result->error = 0;

    baton_spawn_request adjusted = *original;
    const baton_spawn_request *request = &adjusted;
    int copies[3];
    int copy_count = 0;
    adjusted.stdin_fd = above_standard_streams(original->stdin_fd, copies, &copy_count);
    adjusted.stdout_fd = above_standard_streams(original->stdout_fd, copies, &copy_count);
    adjusted.stderr_fd = above_standard_streams(original->stderr_fd, copies, &copy_count);
    if (adjusted.stdin_fd < 0 || adjusted.stdout_fd < 0 || adjusted.stderr_fd < 0) {
        result->stage = BATON_SPAWN_FORK_FAILED;
        result->error = errno;
        for (int index = 0; index < copy_count; index++) close(copies[index]);
        return;
    }
    spawn_prepared(request, result);
    for (int index = 0; index < copy_count; index++) close(copies[index]);
}

static void spawn_prepared(const baton_spawn_request *request, baton_spawn_result *result) {

    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        result->stage = BATON_SPAWN_FORK_FAILED;
        result->error = errno;
        return;
    }
    // The report descriptor must not be one of the child's standard streams.
    while (report[1] <= 2) {
        int moved = fcntl(report[1], F_DUPFD_CLOEXEC, 3);
        if (moved < 0) break;
        close(report[1]);
        report[1] = moved;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        result->stage = BATON_SPAWN_FORK_FAILED;
        result->error = errno;
        close(report[0]);
        close(report[1]);
        return;
    }
    if (pid == 0) {
        close(report[0]);
        run_child(request, parent, report[1]);
    }
    close(report[1]);

    // End of file: exec succeeded (the write end closed on exec). A report: the child failed.
    struct spawn_report child_report;
    size_t received = 0;
    while (received < sizeof child_report) {
        ssize_t count = read(report[0], (char *)&child_report + received, sizeof child_report - received);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        received += (size_t)count;
    }
    close(report[0]);
    if (received == sizeof child_report) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        result->stage = (baton_spawn_stage)child_report.stage;
        result->error = child_report.error;
        return;
    }
    result->pid = pid;
}

// ---------------------------------------------------------------------------------------------
// The fork thread.
//
// PR_SET_PDEATHSIG fires when the *thread* that forked the child exits, not the process. Swift's
// and Dispatch's worker threads come and go, so every fork happens on this one thread, which is
// never ended: the death signal then comes only when the process dies.

struct spawn_job {
    const baton_spawn_request *request;
    baton_spawn_result *result;
    int done;
    struct spawn_job *next;
};

static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_posted = PTHREAD_COND_INITIALIZER;
static pthread_cond_t job_done = PTHREAD_COND_INITIALIZER;
static struct spawn_job *queue_head = NULL;
static struct spawn_job *queue_tail = NULL;
static int thread_error = 0;

static void *fork_thread_main(void *unused) {
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&queue_lock);
        while (queue_head == NULL) pthread_cond_wait(&job_posted, &queue_lock);
        struct spawn_job *job = queue_head;
        queue_head = job->next;
        if (queue_head == NULL) queue_tail = NULL;
        pthread_mutex_unlock(&queue_lock);

        spawn_now(job->request, job->result);

        pthread_mutex_lock(&queue_lock);
        job->done = 1;
        pthread_cond_broadcast(&job_done);
        pthread_mutex_unlock(&queue_lock);
    }
    return NULL;
}

static void start_fork_thread(void) {
    // Signals for Baton are handled on its other threads; the child clears the mask it inherits.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    thread_error = pthread_create(&thread, &attributes, fork_thread_main, NULL);
    pthread_attr_destroy(&attributes);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (thread_error == 0) pthread_setname_np(thread, "baton-fork");
}

void baton_spawn(const baton_spawn_request *request, baton_spawn_result *result) {
    pthread_once(&thread_once, start_fork_thread);
    if (thread_error != 0) {
        result->pid = -1;
        result->stage = BATON_SPAWN_FORK_FAILED;
        result->error = thread_error;
        return;
    }
    struct spawn_job job = {request, result, 0, NULL};
    pthread_mutex_lock(&queue_lock);
    if (queue_tail == NULL) {
        queue_head = &job;
    } else {
        queue_tail->next = &job;
    }
    queue_tail = &job;
    pthread_cond_signal(&job_posted);
    while (!job.done) pthread_cond_wait(&job_done, &queue_lock);
    pthread_mutex_unlock(&queue_lock);
}

int baton_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int baton_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
