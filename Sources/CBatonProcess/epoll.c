// Thin wrappers over epoll: `struct epoll_event` is packed on x86-64, which Swift should not
// have to lay out.

#define _GNU_SOURCE
#include "CBatonProcess.h"

#include <sys/epoll.h>

const uint32_t baton_epoll_in = EPOLLIN;
const uint32_t baton_epoll_hup = EPOLLHUP;
const uint32_t baton_epoll_err = EPOLLERR;

int baton_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int baton_epoll_add(int epoll_fd, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event = {0};
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event);
}

int baton_epoll_remove(int epoll_fd, int fd) {
    struct epoll_event unused = {0};
    return epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, &unused);
}

int baton_epoll_wait(int epoll_fd, uint64_t *tokens, uint32_t *events, int capacity, int timeout_ms) {
    struct epoll_event buffer[64];
    if (capacity > 64) capacity = 64;
    int count = epoll_wait(epoll_fd, buffer, capacity, timeout_ms);
    for (int index = 0; index < count; index++) {
        tokens[index] = buffer[index].data.u64;
        events[index] = buffer[index].events;
    }
    return count;
}
