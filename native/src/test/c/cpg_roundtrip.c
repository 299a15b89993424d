/*
 * cpg_roundtrip: the C baseline for the Java binding's round trip benchmark.
 *
 * Joins GROUP on the local corosync, then COUNT + WARMUP times: multicast a SIZE-byte message and wait
 * until the own copy comes back. Prints one round trip per line in microseconds (warm-up rounds left
 * out), so the caller computes percentiles the same way for C and Java.
 *
 * MODE same-thread (default): the sending thread dispatches itself, the shortest possible path.
 * MODE handoff: a dispatch thread delivers and wakes the sender through a condition variable, with one
 * mutex around every libcpg call - the shape of the Java binding used from a caller thread.
 *
 * Build: gcc -O2 -Wall -pthread -o cpg_roundtrip cpg_roundtrip.c -lcpg
 * Usage: cpg_roundtrip GROUP COUNT WARMUP SIZE [same-thread|handoff]
 */
#include <corosync/cpg.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static unsigned int local_nodeid;
static uint32_t local_pid;
static int joined;
static uint64_t delivered_seq = UINT64_MAX;
static pthread_mutex_t handle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t delivered_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t delivered_cond = PTHREAD_COND_INITIALIZER;
static volatile int stopping;

static void deliver(cpg_handle_t handle, const struct cpg_name *group, uint32_t nodeid, uint32_t pid,
                    void *msg, size_t msg_len)
{
    uint64_t seq;
    (void)handle;
    (void)group;
    if (nodeid == local_nodeid && pid == local_pid && msg_len >= sizeof(seq)) {
        memcpy(&seq, msg, sizeof(seq));
        pthread_mutex_lock(&delivered_lock);
        delivered_seq = seq;
        pthread_cond_signal(&delivered_cond);
        pthread_mutex_unlock(&delivered_lock);
    }
}

static void confchg(cpg_handle_t handle, const struct cpg_name *group,
                    const struct cpg_address *members, size_t member_count,
                    const struct cpg_address *left, size_t left_count,
                    const struct cpg_address *joined_list, size_t joined_count)
{
    (void)handle;
    (void)group;
    (void)members;
    (void)member_count;
    (void)left;
    (void)left_count;
    for (size_t i = 0; i < joined_count; i++) {
        if (joined_list[i].nodeid == local_nodeid && joined_list[i].pid == local_pid) {
            joined = 1;
        }
    }
}

static void fail(const char *what, cs_error_t rc)
{
    fprintf(stderr, "cpg_roundtrip: %s failed: cs_error_t %d\n", what, rc);
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Dispatches until done() is true; poll first so an idle wait sleeps instead of spinning. */
static void dispatch_until(cpg_handle_t handle, int fd, int (*done)(uint64_t), uint64_t arg)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    cs_error_t rc;
    while (!done(arg)) {
        if (poll(&pfd, 1, 10000) <= 0) {
            fail("poll (nothing delivered within 10 s)", CS_ERR_TIMEOUT);
        }
        rc = cpg_dispatch(handle, CS_DISPATCH_ALL);
        if (rc != CS_OK) {
            fail("cpg_dispatch", rc);
        }
    }
}

static int is_joined(uint64_t unused)
{
    (void)unused;
    return joined;
}

static int is_delivered(uint64_t seq)
{
    return delivered_seq == seq;
}

struct dispatcher {
    cpg_handle_t handle;
    int fd;
};

static void *dispatch_thread(void *arg)
{
    struct dispatcher *d = arg;
    struct pollfd pfd = {.fd = d->fd, .events = POLLIN};
    cs_error_t rc;
    while (!stopping) {
        if (poll(&pfd, 1, 100) <= 0) {
            continue;
        }
        pthread_mutex_lock(&handle_lock);
        rc = cpg_dispatch(d->handle, CS_DISPATCH_ALL);
        pthread_mutex_unlock(&handle_lock);
        if (rc != CS_OK) {
            fail("cpg_dispatch", rc);
        }
    }
    return NULL;
}

static void mcast(cpg_handle_t handle, struct iovec *iov)
{
    cs_error_t rc;
    for (;;) {
        pthread_mutex_lock(&handle_lock);
        rc = cpg_mcast_joined(handle, CPG_TYPE_AGREED, iov, 1);
        pthread_mutex_unlock(&handle_lock);
        if (rc != CS_ERR_TRY_AGAIN) {
            break;
        }
        usleep(100);
    }
    if (rc != CS_OK) fail("cpg_mcast_joined", rc);
}

int main(int argc, char **argv)
{
    cpg_callbacks_t callbacks = {.cpg_deliver_fn = deliver, .cpg_confchg_fn = confchg};
    struct cpg_name group;
    cpg_handle_t handle;
    cs_error_t rc;
    int fd;

    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: %s GROUP COUNT WARMUP SIZE [same-thread|handoff]\n", argv[0]);
        return 2;
    }
    int handoff = argc == 6 && strcmp(argv[5], "handoff") == 0;
    if (argc == 6 && !handoff && strcmp(argv[5], "same-thread") != 0) {
        fprintf(stderr, "cpg_roundtrip: unknown mode %s\n", argv[5]);
        return 2;
    }
    long count = atol(argv[2]);
    long warmup = atol(argv[3]);
    size_t size = (size_t)atol(argv[4]);
    if (count <= 0 || warmup < 0 || size < sizeof(uint64_t) || strlen(argv[1]) > CPG_MAX_NAME_LENGTH) {
        fprintf(stderr, "cpg_roundtrip: bad arguments\n");
        return 2;
    }
    group.length = (uint32_t)strlen(argv[1]);
    memcpy(group.value, argv[1], group.length);
    local_pid = (uint32_t)getpid();

    if ((rc = cpg_initialize(&handle, &callbacks)) != CS_OK) fail("cpg_initialize", rc);
    if ((rc = cpg_local_get(handle, &local_nodeid)) != CS_OK) fail("cpg_local_get", rc);
    if ((rc = cpg_fd_get(handle, &fd)) != CS_OK) fail("cpg_fd_get", rc);
    while ((rc = cpg_join(handle, &group)) == CS_ERR_TRY_AGAIN) usleep(10000);
    if (rc != CS_OK) fail("cpg_join", rc);
    dispatch_until(handle, fd, is_joined, 0);

    char *message = calloc(1, size);
    struct iovec iov = {.iov_base = message, .iov_len = size};
    struct dispatcher dispatcher = {.handle = handle, .fd = fd};
    pthread_t thread;
    if (handoff && pthread_create(&thread, NULL, dispatch_thread, &dispatcher) != 0) {
        fail("pthread_create", CS_ERR_NO_RESOURCES);
    }
    for (uint64_t seq = 0; seq < (uint64_t)(count + warmup); seq++) {
        memcpy(message, &seq, sizeof(seq));
        uint64_t start = now_ns();
        if (handoff) {
            mcast(handle, &iov);
            pthread_mutex_lock(&delivered_lock);
            while (delivered_seq != seq) {
                pthread_cond_wait(&delivered_cond, &delivered_lock);
            }
            pthread_mutex_unlock(&delivered_lock);
        } else {
            while ((rc = cpg_mcast_joined(handle, CPG_TYPE_AGREED, &iov, 1)) == CS_ERR_TRY_AGAIN) {
                cpg_dispatch(handle, CS_DISPATCH_ALL);
            }
            if (rc != CS_OK) fail("cpg_mcast_joined", rc);
            dispatch_until(handle, fd, is_delivered, seq);
        }
        if (seq >= (uint64_t)warmup) {
            printf("%.1f\n", (double)(now_ns() - start) / 1000.0);
        }
    }
    if (handoff) {
        stopping = 1;
        pthread_join(thread, NULL);
    }
    free(message);
    cpg_leave(handle, &group);
    cpg_finalize(handle);
    return 0;
}
