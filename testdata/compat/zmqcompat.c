/*
 * zmqcompat.c - present the old libzmq 2.x or 3.x C ABI on top of libzmq 4.3.
 *
 * WHAT AND WHY
 *   zmqffi loads libzmq at run time and has one backend per ABI generation
 *   (2.x, 3.x, 4.x). Real 2.2 / 3.2 builds are hard to come by in CI, so this
 *   file builds a small shared library that *looks like* libzmq 2.2.0
 *   (-DCOMPAT_MAJOR=2) or 3.2.5 (-DCOMPAT_MAJOR=3) to a dlopen()ing caller and
 *   does the work with the system's real libzmq 4.x.
 *
 *   It exists to test OUR Go side of those old ABIs: symbol probing, call
 *   signatures, zmq_msg_t sizes, socket option numbers / value types / sizes,
 *   the 2.x microsecond poll timeout, the 3.2 monitor event layout. It is not
 *   a faithful re-implementation of old libzmq behaviour (wire protocol, HWM
 *   accounting, ... are all 4.x), and it is not for production use.
 *
 * BUILD (see build.sh)
 *   gcc -shared -fPIC -O2 -fvisibility=hidden -DCOMPAT_MAJOR=2 \
 *       -o libzmq-compat2.so zmqcompat.c -ldl
 *   gcc ... -DCOMPAT_MAJOR=3 -o libzmq-compat3.so ...
 *
 * HOW
 *   - On first use (pthread_once) the real libzmq is dlopen()ed with
 *     RTLD_NOW|RTLD_LOCAL from $ZMQFFI_COMPAT_REAL, else "libzmq.so.5", and
 *     every real function we need is dlsym()ed into `real`. Exported
 *     functions only ever call through `real`: this library exports the very
 *     same zmq_* names (with different signatures), so a direct call would
 *     recurse. <zmq.h> is not included for the same reason; the few constant
 *     values needed are copied below (they are identical in 2.x, 3.x, 4.x
 *     unless noted).
 *   - Exactly the symbol set of the emulated version is exported (EXPORT);
 *     everything else is hidden, so probing with dlsym() sees what an old
 *     library would offer.
 *   - Old zmq_msg_t (2.x: 40 bytes, 3.x: 32 bytes) is too small for the real
 *     64-byte 4.x message, so the caller's zmq_msg_t holds a pointer to a
 *     malloc()ed real message (bytes 0-7) and a check word (bytes 8-15, the
 *     pointer XOR a magic). Any message that was not initialised by us (or
 *     was already closed) fails with EFAULT instead of crashing - handy for
 *     catching Go-side bugs. Bytes beyond the old size are never touched.
 *   - Sockets are the real 4.x socket pointers (so zmq_pollitem_t, which has
 *     the same layout in all versions, passes straight through). A small side
 *     table keyed by socket pointer remembers the owning context and the
 *     per-socket state that has no 4.x counterpart.
 *   - zmq_errno() is `return errno;` exactly like libzmq's own.
 *   - Exported functions never call each other by name (that would go through
 *     the PLT and could reach a real libzmq in the global scope); shared code
 *     lives in static helpers.
 *
 * LOADING REQUIREMENT
 *   Real libzmq calls some of its own exported functions (zmq_msg_send,
 *   zmq_msg_init_size, ...) through its PLT. If this shim were in the global
 *   symbol scope (linked in, LD_PRELOADed or dlopen()ed RTLD_GLOBAL), those
 *   internal calls would land in our old-ABI functions. The shim therefore
 *   must be dlopen()ed RTLD_LOCAL (zmqffi's loader does); it refuses to work
 *   (every call fails with ENOSYS, message on stderr) when it detects that it
 *   is globally visible.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef COMPAT_MAJOR
#error "build with -DCOMPAT_MAJOR=2 or -DCOMPAT_MAJOR=3"
#endif
#if COMPAT_MAJOR != 2 && COMPAT_MAJOR != 3
#error "COMPAT_MAJOR must be 2 or 3"
#endif

#define EXPORT __attribute__((visibility("default")))

/* ------------------------------------------------------------------------ */
/* Constants (values from zmq.h; same in 2.x, 3.x and 4.x unless noted).    */

#define Z_IO_THREADS 1 /* zmq_ctx_set/get */
#define Z_MAX_SOCKETS 2
#define Z_PAIR 0
#define Z_LAST_OLD_SOCKET_TYPE 10 /* XSUB; STREAM (11) and later are 4.x */
#define Z_DONTWAIT 1              /* ZMQ_NOBLOCK in 2.x */
#define Z_POLLIN 1
#define Z_POLLOUT 2
#define Z_MORE 1 /* zmq_msg_get property */
#define Z_STREAMER 1
#define Z_QUEUE 3

/* Real (4.x) socket option numbers used by the 2.x translation. */
#define R_AFFINITY 4
#define R_IDENTITY 5
#define R_SUBSCRIBE 6
#define R_UNSUBSCRIBE 7
#define R_RATE 8
#define R_RECOVERY_IVL 9 /* int, milliseconds */
#define R_SNDBUF 11
#define R_RCVBUF 12
#define R_RCVMORE 13
#define R_FD 14
#define R_EVENTS 15
#define R_TYPE 16
#define R_SNDHWM 23
#define R_RCVHWM 24
#define R_LINGER 17

/* Monitor events. 3.2 knew bits 0x001..0x200 (ZMQ_EVENT_ALL was 1023). */
#define Z_EVENT_ALL_3 0x3FF
#define Z_EVENT_MONITOR_STOPPED 0x400 /* 4.x only */

#define REAL_MSG_SIZE 64 /* sizeof(zmq_msg_t) in 4.1 and later */

#if COMPAT_MAJOR == 2
#define OLD_MSG_SIZE 40
#else
#define OLD_MSG_SIZE 32
#endif
/* We use the first 16 bytes of the caller's zmq_msg_t. */
_Static_assert(OLD_MSG_SIZE >= 16, "old zmq_msg_t too small");

/* zmq_pollitem_t, identical on POSIX in every version. */
typedef struct {
    void *socket;
    int fd;
    short events;
    short revents;
} compat_pollitem_t;

typedef void(compat_free_fn)(void *data, void *hint);

/* ------------------------------------------------------------------------ */
/* The real library.                                                        */

static struct {
    void (*version)(int *, int *, int *);
    void *(*ctx_new)(void);
    int (*ctx_term)(void *);
    int (*ctx_set)(void *, int, int);
    int (*ctx_get)(void *, int);
    void *(*socket)(void *, int);
    int (*close)(void *);
    int (*bind)(void *, const char *);
    int (*unbind)(void *, const char *);
    int (*connect)(void *, const char *);
    int (*disconnect)(void *, const char *);
    int (*setsockopt)(void *, int, const void *, size_t);
    int (*getsockopt)(void *, int, void *, size_t *);
    int (*send)(void *, const void *, size_t, int);
    int (*recv)(void *, void *, size_t, int);
    int (*msg_init)(void *);
    int (*msg_init_size)(void *, size_t);
    int (*msg_init_data)(void *, void *, size_t, compat_free_fn *, void *);
    int (*msg_send)(void *, void *, int);
    int (*msg_recv)(void *, void *, int);
    void *(*msg_data)(void *);
    size_t (*msg_size)(const void *);
    int (*msg_more)(const void *);
    int (*msg_get)(const void *, int);
    int (*msg_close)(void *);
    int (*msg_move)(void *, void *);
    int (*msg_copy)(void *, void *);
    int (*poll)(compat_pollitem_t *, int, long);
    const char *(*strerror)(int);
    int (*proxy)(void *, void *, void *);
    int (*socket_monitor)(void *, const char *, int);
} real;

static const struct {
    const char *name;
    size_t offset;
} real_symbols[] = {
#define SYM(field) {"zmq_" #field, offsetof(__typeof__(real), field)}
    SYM(version),       SYM(ctx_new),       SYM(ctx_term),   SYM(ctx_set),
    SYM(ctx_get),       SYM(socket),        SYM(close),      SYM(bind),
    SYM(unbind),        SYM(connect),       SYM(disconnect), SYM(setsockopt),
    SYM(getsockopt),    SYM(send),          SYM(recv),       SYM(msg_init),
    SYM(msg_init_size), SYM(msg_init_data), SYM(msg_send),   SYM(msg_recv),
    SYM(msg_data),      SYM(msg_size),      SYM(msg_more),   SYM(msg_get),
    SYM(msg_close),     SYM(msg_move),      SYM(msg_copy),   SYM(poll),
    SYM(strerror),      SYM(proxy),         SYM(socket_monitor),
#undef SYM
};

static pthread_once_t real_once = PTHREAD_ONCE_INIT;
static int real_ok;

/* Our own zmq_msg_init under a hidden name (defined further down): taking
 * the address of the exported name would go through the GOT and could yield
 * another library's zmq_msg_init. */
__attribute__((visibility("hidden"))) int shim_msg_init(void *msg);

static void load_real(void)
{
    const char *path = getenv("ZMQFFI_COMPAT_REAL");
    if (path == NULL || *path == '\0')
        path = "libzmq.so.5";

    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        fprintf(stderr, "zmqcompat: cannot load real libzmq: %s\n", dlerror());
        return;
    }
    for (size_t i = 0; i < sizeof real_symbols / sizeof real_symbols[0]; i++) {
        void *p = dlsym(h, real_symbols[i].name);
        if (p == NULL) {
            fprintf(stderr, "zmqcompat: %s: missing %s\n", path, real_symbols[i].name);
            return;
        }
        memcpy((char *)&real + real_symbols[i].offset, &p, sizeof p);
    }
    int maj, min, pat;
    real.version(&maj, &min, &pat);
    if (maj != 4 || min < 1) { /* need the 64-byte zmq_msg_t and 4.x monitor frames */
        fprintf(stderr, "zmqcompat: %s is libzmq %d.%d.%d, need 4.1 or later\n", path, maj,
                min, pat);
        return;
    }
    /* See LOADING REQUIREMENT above. The main program's handle searches
     * exactly the global scope (RTLD_DEFAULT would include our own group). */
    void *main_prog = dlopen(NULL, RTLD_NOW);
    void *global = main_prog != NULL ? dlsym(main_prog, "zmq_msg_init") : NULL;
    if (global != NULL && global == (void *)shim_msg_init) {
        fprintf(stderr, "zmqcompat: loaded into the global symbol scope; real libzmq's "
                        "internal calls would reach the shim. dlopen it RTLD_LOCAL.\n");
        return;
    }
    real_ok = 1;
}

/* ready returns 1 once the real library is usable; else sets errno. */
static int ready(void)
{
    pthread_once(&real_once, load_real);
    if (!real_ok) {
        errno = ENOSYS;
        return 0;
    }
    return 1;
}

#define REQUIRE_READY(fail)                                                            \
    do {                                                                               \
        if (!ready())                                                                  \
            return fail;                                                               \
    } while (0)

static int fail(int err)
{
    errno = err;
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Per-socket side table.                                                   */

struct monitor;

struct sock_rec {
    struct sock_rec *next;
    void *sock; /* real socket */
    void *ctx;  /* its real context */
#if COMPAT_MAJOR == 2
    int64_t swap;       /* ZMQ_SWAP: accepted and remembered only */
    int64_t mcast_loop; /* ZMQ_MCAST_LOOP: accepted and remembered only */
#else
    struct monitor *mon; /* zmq_socket_monitor forwarder, or NULL */
#endif
};

#define TAB_SIZE 256
static struct sock_rec *tab[TAB_SIZE];
static pthread_mutex_t tab_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned tab_slot(const void *s)
{
    uintptr_t v = (uintptr_t)s;
    v ^= v >> 17;
    v ^= v >> 9;
    return (unsigned)(v >> 4) % TAB_SIZE;
}

/* Caller holds tab_lock. */
static struct sock_rec *rec_find(const void *s)
{
    for (struct sock_rec *r = tab[tab_slot(s)]; r != NULL; r = r->next)
        if (r->sock == s)
            return r;
    return NULL;
}

static void rec_insert(struct sock_rec *r)
{
    pthread_mutex_lock(&tab_lock);
    unsigned i = tab_slot(r->sock);
    r->next = tab[i];
    tab[i] = r;
    pthread_mutex_unlock(&tab_lock);
}

static struct sock_rec *rec_unlink(const void *s)
{
    pthread_mutex_lock(&tab_lock);
    struct sock_rec **pp = &tab[tab_slot(s)];
    while (*pp != NULL && (*pp)->sock != s)
        pp = &(*pp)->next;
    struct sock_rec *r = *pp;
    if (r != NULL)
        *pp = r->next;
    pthread_mutex_unlock(&tab_lock);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Old zmq_msg_t <-> heap-allocated real zmq_msg_t.                         */

#define MSG_MAGIC UINT64_C(0x7a6d71636f6d7061) /* "zmqcompa" */

/* msg_real returns the real message behind an initialised old one, or NULL
 * with errno EFAULT. */
static void *msg_real(const void *msg)
{
    void *r;
    uint64_t check;
    if (msg == NULL) {
        errno = EFAULT;
        return NULL;
    }
    memcpy(&r, msg, sizeof r);
    memcpy(&check, (const char *)msg + 8, sizeof check);
    if (r == NULL || check != ((uint64_t)(uintptr_t)r ^ MSG_MAGIC)) {
        errno = EFAULT;
        return NULL;
    }
    return r;
}

static void msg_attach(void *msg, void *r)
{
    uint64_t check = (uint64_t)(uintptr_t)r ^ MSG_MAGIC;
    memset(msg, 0, 16);
    memcpy(msg, &r, sizeof r);
    memcpy((char *)msg + 8, &check, sizeof check);
}

/* msg_new allocates a real message (uninitialised) for the old one at msg. */
static void *msg_new(const void *msg)
{
    if (msg == NULL) {
        errno = EFAULT;
        return NULL;
    }
    void *r = malloc(REAL_MSG_SIZE);
    if (r == NULL)
        errno = ENOMEM;
    return r;
}

/* msg_finish completes an init: on success attach, on failure free. */
static int msg_finish(void *msg, void *r, int rc)
{
    if (rc != 0) {
        int e = errno;
        free(r);
        errno = e;
        return -1;
    }
    msg_attach(msg, r);
    return 0;
}

EXPORT int zmq_msg_init(void *msg)
{
    REQUIRE_READY(-1);
    void *r = msg_new(msg);
    if (r == NULL)
        return -1;
    return msg_finish(msg, r, real.msg_init(r));
}
__attribute__((alias("zmq_msg_init"), visibility("hidden"))) int shim_msg_init(void *msg);

EXPORT int zmq_msg_init_size(void *msg, size_t size)
{
    REQUIRE_READY(-1);
    void *r = msg_new(msg);
    if (r == NULL)
        return -1;
    return msg_finish(msg, r, real.msg_init_size(r, size));
}

EXPORT int zmq_msg_init_data(void *msg, void *data, size_t size, compat_free_fn *ffn,
                             void *hint)
{
    REQUIRE_READY(-1);
    void *r = msg_new(msg);
    if (r == NULL)
        return -1;
    return msg_finish(msg, r, real.msg_init_data(r, data, size, ffn, hint));
}

EXPORT int zmq_msg_close(void *msg)
{
    REQUIRE_READY(-1);
    void *r = msg_real(msg);
    if (r == NULL)
        return -1;
    if (real.msg_close(r) != 0)
        return -1;
    free(r);
    memset(msg, 0, 16); /* a second close, or use after close, gives EFAULT */
    return 0;
}

EXPORT void *zmq_msg_data(void *msg)
{
    REQUIRE_READY(NULL);
    void *r = msg_real(msg);
    return r != NULL ? real.msg_data(r) : NULL;
}

EXPORT size_t zmq_msg_size(void *msg)
{
    REQUIRE_READY(0);
    void *r = msg_real(msg);
    return r != NULL ? real.msg_size(r) : 0;
}

/* move: dest gets src's content, src becomes an empty message (real does it). */
EXPORT int zmq_msg_move(void *dest, void *src)
{
    REQUIRE_READY(-1);
    void *rd = msg_real(dest), *rs = msg_real(src);
    if (rd == NULL || rs == NULL)
        return fail(EFAULT);
    return real.msg_move(rd, rs);
}

EXPORT int zmq_msg_copy(void *dest, void *src)
{
    REQUIRE_READY(-1);
    void *rd = msg_real(dest), *rs = msg_real(src);
    if (rd == NULL || rs == NULL)
        return fail(EFAULT);
    return real.msg_copy(rd, rs);
}

#if COMPAT_MAJOR == 3
static int msg_send3(void *msg, void *s, int flags)
{
    REQUIRE_READY(-1);
    void *r = msg_real(msg);
    return r != NULL ? real.msg_send(r, s, flags) : -1;
}

static int msg_recv3(void *msg, void *s, int flags)
{
    REQUIRE_READY(-1);
    void *r = msg_real(msg);
    return r != NULL ? real.msg_recv(r, s, flags) : -1;
}

EXPORT int zmq_msg_send(void *msg, void *s, int flags) { return msg_send3(msg, s, flags); }
EXPORT int zmq_msg_recv(void *msg, void *s, int flags) { return msg_recv3(msg, s, flags); }

/* 3.2's older spelling, argument order socket first; returns the size too. */
EXPORT int zmq_sendmsg(void *s, void *msg, int flags) { return msg_send3(msg, s, flags); }
EXPORT int zmq_recvmsg(void *s, void *msg, int flags) { return msg_recv3(msg, s, flags); }

EXPORT int zmq_msg_more(void *msg)
{
    REQUIRE_READY(0);
    void *r = msg_real(msg);
    return r != NULL ? real.msg_more(r) : 0;
}

/* 3.2 knows only ZMQ_MORE (4.x adds SRCFD, SHARED). */
EXPORT int zmq_msg_get(void *msg, int property)
{
    REQUIRE_READY(-1);
    void *r = msg_real(msg);
    if (r == NULL)
        return -1;
    if (property != Z_MORE)
        return fail(EINVAL);
    return real.msg_get(r, property);
}

/* 3.2 has no settable property. */
EXPORT int zmq_msg_set(void *msg, int property, int value)
{
    (void)msg;
    (void)property;
    (void)value;
    return fail(EINVAL);
}
#endif /* COMPAT_MAJOR == 3 */

#if COMPAT_MAJOR == 2
/* 2.x zmq_send/zmq_recv take a message and return 0, not a byte count. */
EXPORT int zmq_send(void *s, void *msg, int flags)
{
    REQUIRE_READY(-1);
    void *r = msg_real(msg);
    if (r == NULL)
        return -1;
    return real.msg_send(r, s, flags) < 0 ? -1 : 0;
}

EXPORT int zmq_recv(void *s, void *msg, int flags)
{
    REQUIRE_READY(-1);
    void *r = msg_real(msg);
    if (r == NULL)
        return -1;
    return real.msg_recv(r, s, flags) < 0 ? -1 : 0;
}
#else
/* 3.x buffer forms: identical to 4.x. */
EXPORT int zmq_send(void *s, const void *buf, size_t len, int flags)
{
    REQUIRE_READY(-1);
    return real.send(s, buf, len, flags);
}

EXPORT int zmq_recv(void *s, void *buf, size_t len, int flags)
{
    REQUIRE_READY(-1);
    return real.recv(s, buf, len, flags);
}
#endif

/* ------------------------------------------------------------------------ */
/* Version, errors, contexts.                                               */

EXPORT void zmq_version(int *major, int *minor, int *patch)
{
#if COMPAT_MAJOR == 2
    const int v[3] = {2, 2, 0};
#else
    const int v[3] = {3, 2, 5};
#endif
    if (major != NULL)
        *major = v[0];
    if (minor != NULL)
        *minor = v[1];
    if (patch != NULL)
        *patch = v[2];
}

/* Like libzmq's own: errno is thread-local and set by the real library too. */
EXPORT int zmq_errno(void) { return errno; }

EXPORT const char *zmq_strerror(int errnum)
{
    if (!ready())
        return strerror(errnum);
    return real.strerror(errnum);
}

/* zmq_init/zmq_term are built from zmq_ctx_* rather than calling the real
 * zmq_init, whose own internal calls go through libzmq's PLT. */
EXPORT void *zmq_init(int io_threads)
{
    REQUIRE_READY(NULL);
    if (io_threads < 0) {
        errno = EINVAL;
        return NULL;
    }
    void *ctx = real.ctx_new();
    if (ctx == NULL)
        return NULL;
    if (real.ctx_set(ctx, Z_IO_THREADS, io_threads) != 0) {
        int e = errno;
        real.ctx_term(ctx);
        errno = e;
        return NULL;
    }
    return ctx;
}

static int ctx_term(void *ctx)
{
    REQUIRE_READY(-1);
    return real.ctx_term(ctx);
}

EXPORT int zmq_term(void *ctx) { return ctx_term(ctx); }

#if COMPAT_MAJOR == 3
EXPORT void *zmq_ctx_new(void)
{
    REQUIRE_READY(NULL);
    return real.ctx_new();
}

EXPORT int zmq_ctx_destroy(void *ctx) { return ctx_term(ctx); }

EXPORT int zmq_ctx_set(void *ctx, int option, int value)
{
    REQUIRE_READY(-1);
    if (option != Z_IO_THREADS && option != Z_MAX_SOCKETS)
        return fail(EINVAL);
    return real.ctx_set(ctx, option, value);
}

EXPORT int zmq_ctx_get(void *ctx, int option)
{
    REQUIRE_READY(-1);
    if (option != Z_IO_THREADS && option != Z_MAX_SOCKETS)
        return fail(EINVAL);
    return real.ctx_get(ctx, option);
}
#endif

/* ------------------------------------------------------------------------ */
/* Sockets.                                                                 */

#if COMPAT_MAJOR == 2
static int real_get_int(void *s, int opt, int *out)
{
    size_t n = sizeof *out;
    return real.getsockopt(s, opt, out, &n);
}
#endif

static int real_set_int(void *s, int opt, int v)
{
    return real.setsockopt(s, opt, &v, sizeof v);
}

EXPORT void *zmq_socket(void *ctx, int type)
{
    REQUIRE_READY(NULL);
    if (type < 0 || type > Z_LAST_OLD_SOCKET_TYPE) {
        errno = EINVAL;
        return NULL;
    }
    struct sock_rec *rec = calloc(1, sizeof *rec);
    if (rec == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    void *s = real.socket(ctx, type);
    if (s == NULL) {
        int e = errno;
        free(rec);
        errno = e;
        return NULL;
    }
    rec->sock = s;
    rec->ctx = ctx;
#if COMPAT_MAJOR == 2
    rec->mcast_loop = 1;
    /* 2.x default ZMQ_HWM is 0 (no limit); 4.x defaults to 1000 each way. */
    real_set_int(s, R_SNDHWM, 0);
    real_set_int(s, R_RCVHWM, 0);
#endif
    rec_insert(rec);
    return s;
}

#if COMPAT_MAJOR == 3
static void monitor_release(struct monitor *m, int wait);
#endif

EXPORT int zmq_close(void *s)
{
    REQUIRE_READY(-1);
    /* Unlink first: once real close returns, the address can be reused. */
    struct sock_rec *rec = rec_unlink(s);
    if (real.close(s) != 0) {
        int e = errno;
        if (rec != NULL)
            rec_insert(rec);
        errno = e;
        return -1;
    }
    if (rec != NULL) {
#if COMPAT_MAJOR == 3
        /* The forwarder keeps running until libzmq reports MONITOR_STOPPED
         * (or the context ends) so CLOSED/DISCONNECTED still get through. */
        monitor_release(rec->mon, 0);
#endif
        free(rec);
    }
    return 0;
}

/* Transports of 2.x/3.x; 4.x additions (tipc, ws, vmci, ...) are refused the
 * way an old library would. Endpoints without "://" go to the real library,
 * which reports EINVAL. */
static int check_endpoint(const char *ep, int binding)
{
    static const char *const known[] = {"inproc", "ipc", "tcp", "pgm", "epgm"};
    if (ep == NULL)
        return fail(EINVAL);
    const char *sep = strstr(ep, "://");
    if (sep == NULL)
        return 0;
    size_t n = (size_t)(sep - ep);
    int ok = 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strlen(known[i]) == n && memcmp(ep, known[i], n) == 0)
            ok = 1;
    if (!ok)
        return fail(EPROTONOSUPPORT);
#if COMPAT_MAJOR == 2
    /* 2.2 cannot bind a wildcard ("ephemeral") port. */
    size_t len = strlen(ep);
    if (binding && n == 3 && len >= 2 && strcmp(ep + len - 2, ":*") == 0)
        return fail(EINVAL);
#else
    (void)binding;
#endif
    return 0;
}

EXPORT int zmq_bind(void *s, const char *addr)
{
    REQUIRE_READY(-1);
    if (check_endpoint(addr, 1) != 0)
        return -1;
    return real.bind(s, addr);
}

EXPORT int zmq_connect(void *s, const char *addr)
{
    REQUIRE_READY(-1);
    if (check_endpoint(addr, 0) != 0)
        return -1;
    return real.connect(s, addr);
}

#if COMPAT_MAJOR == 3
EXPORT int zmq_unbind(void *s, const char *addr)
{
    REQUIRE_READY(-1);
    return real.unbind(s, addr);
}

EXPORT int zmq_disconnect(void *s, const char *addr)
{
    REQUIRE_READY(-1);
    return real.disconnect(s, addr);
}
#endif

/* ------------------------------------------------------------------------ */
/* Socket options, 2.x: translated to 4.x numbers and value types.          */

#if COMPAT_MAJOR == 2
enum {
    O2_HWM = 1, O2_SWAP = 3, O2_AFFINITY = 4, O2_IDENTITY = 5, O2_SUBSCRIBE = 6,
    O2_UNSUBSCRIBE = 7, O2_RATE = 8, O2_RECOVERY_IVL = 9, O2_MCAST_LOOP = 10,
    O2_SNDBUF = 11, O2_RCVBUF = 12, O2_RCVMORE = 13, O2_FD = 14, O2_EVENTS = 15,
    O2_TYPE = 16, O2_LINGER = 17, O2_RECONNECT_IVL = 18, O2_BACKLOG = 19,
    O2_RECOVERY_IVL_MSEC = 20, O2_RECONNECT_IVL_MAX = 21, O2_RCVTIMEO = 27,
    O2_SNDTIMEO = 28,
};

/* How a real int option is presented to the 2.x caller. */
enum conv { AS_INT, AS_U32, AS_I64, AS_U64 };

static int get_int_as(void *s, int ropt, void *val, size_t *len, enum conv c, int div)
{
    size_t need = (c == AS_INT || c == AS_U32) ? 4 : 8;
    if (*len < need)
        return fail(EINVAL);
    int iv;
    if (real_get_int(s, ropt, &iv) != 0)
        return -1;
    if (div > 1)
        iv /= div;
    switch (c) {
    case AS_INT:
        memcpy(val, &iv, 4);
        break;
    case AS_U32: {
        uint32_t u = (uint32_t)iv;
        memcpy(val, &u, 4);
        break;
    }
    case AS_I64: {
        int64_t v = iv;
        memcpy(val, &v, 8);
        break;
    }
    case AS_U64: {
        uint64_t v = iv < 0 ? 0 : (uint64_t)iv; /* SNDBUF/RCVBUF: 4.x -1 = 2.x 0 */
        memcpy(val, &v, 8);
        break;
    }
    }
    *len = need;
    return 0;
}

/* Options with no 4.x counterpart live in the side table. */
static int get_stored(void *s, int opt, void *val, size_t *len)
{
    if (*len < 8)
        return fail(EINVAL);
    int64_t v;
    pthread_mutex_lock(&tab_lock);
    struct sock_rec *r = rec_find(s);
    if (r != NULL)
        v = opt == O2_SWAP ? r->swap : r->mcast_loop;
    pthread_mutex_unlock(&tab_lock);
    if (r == NULL)
        return fail(ENOTSOCK);
    memcpy(val, &v, 8);
    *len = 8;
    return 0;
}

static int set_stored(void *s, int opt, int64_t v)
{
    pthread_mutex_lock(&tab_lock);
    struct sock_rec *r = rec_find(s);
    if (r != NULL) {
        if (opt == O2_SWAP)
            r->swap = v;
        else
            r->mcast_loop = v;
    }
    pthread_mutex_unlock(&tab_lock);
    return r != NULL ? 0 : fail(ENOTSOCK);
}

EXPORT int zmq_getsockopt(void *s, int opt, void *val, size_t *len)
{
    REQUIRE_READY(-1);
    if (s == NULL)
        return fail(ENOTSOCK);
    if (val == NULL || len == NULL)
        return fail(EFAULT);
    switch (opt) {
    case O2_HWM: /* uint64; reported from the send side */
        return get_int_as(s, R_SNDHWM, val, len, AS_U64, 1);
    case O2_SWAP:
    case O2_MCAST_LOOP:
        return get_stored(s, opt, val, len);
    case O2_AFFINITY: {
        if (*len < 8)
            return fail(EINVAL);
        size_t n = 8;
        if (real.getsockopt(s, R_AFFINITY, val, &n) != 0)
            return -1;
        *len = n;
        return 0;
    }
    case O2_IDENTITY:
        return real.getsockopt(s, R_IDENTITY, val, len);
    case O2_RATE:
        return get_int_as(s, R_RATE, val, len, AS_I64, 1);
    case O2_RECOVERY_IVL: /* seconds */
        return get_int_as(s, R_RECOVERY_IVL, val, len, AS_I64, 1000);
    case O2_RECOVERY_IVL_MSEC:
        return get_int_as(s, R_RECOVERY_IVL, val, len, AS_I64, 1);
    case O2_SNDBUF:
        return get_int_as(s, R_SNDBUF, val, len, AS_U64, 1);
    case O2_RCVBUF:
        return get_int_as(s, R_RCVBUF, val, len, AS_U64, 1);
    case O2_RCVMORE:
        return get_int_as(s, R_RCVMORE, val, len, AS_I64, 1);
    case O2_EVENTS:
        return get_int_as(s, R_EVENTS, val, len, AS_U32, 1);
    case O2_FD:
    case O2_TYPE:
    case O2_LINGER:
    case O2_RECONNECT_IVL:
    case O2_BACKLOG:
    case O2_RECONNECT_IVL_MAX:
    case O2_RCVTIMEO:
    case O2_SNDTIMEO: /* same number and type in 4.x */
        return get_int_as(s, opt, val, len, AS_INT, 1);
    default: /* includes write-only SUBSCRIBE/UNSUBSCRIBE and all 3.x/4.x numbers */
        return fail(EINVAL);
    }
}

/* 2.x int64/uint64 options must be passed with exactly 8 bytes. */
static int arg64(const void *val, size_t len, void *out)
{
    if (val == NULL || len != 8)
        return fail(EINVAL);
    memcpy(out, val, 8);
    return 0;
}

EXPORT int zmq_setsockopt(void *s, int opt, const void *val, size_t len)
{
    REQUIRE_READY(-1);
    if (s == NULL)
        return fail(ENOTSOCK);
    int64_t i64 = 0;
    uint64_t u64 = 0;
    switch (opt) {
    case O2_HWM: { /* one 2.x HWM = both 4.x HWMs; 0 = no limit in both */
        if (arg64(val, len, &u64) != 0)
            return -1;
        int hwm = u64 > INT_MAX ? INT_MAX : (int)u64;
        if (real_set_int(s, R_SNDHWM, hwm) != 0)
            return -1;
        return real_set_int(s, R_RCVHWM, hwm);
    }
    case O2_SWAP:
        if (arg64(val, len, &i64) != 0)
            return -1;
        if (i64 < 0)
            return fail(EINVAL);
        return set_stored(s, opt, i64);
    case O2_MCAST_LOOP:
        if (arg64(val, len, &i64) != 0)
            return -1;
        if (i64 != 0 && i64 != 1)
            return fail(EINVAL);
        return set_stored(s, opt, i64);
    case O2_AFFINITY:
        if (val == NULL || len != 8)
            return fail(EINVAL);
        return real.setsockopt(s, R_AFFINITY, val, len);
    case O2_IDENTITY:
    case O2_SUBSCRIBE:
    case O2_UNSUBSCRIBE: /* binary, same numbers */
        return real.setsockopt(s, opt, val, len);
    case O2_RATE:
        if (arg64(val, len, &i64) != 0)
            return -1;
        if (i64 < 0 || i64 > INT_MAX)
            return fail(EINVAL);
        return real_set_int(s, R_RATE, (int)i64);
    case O2_RECOVERY_IVL: /* seconds -> milliseconds */
        if (arg64(val, len, &i64) != 0)
            return -1;
        if (i64 < 0 || i64 > INT_MAX / 1000)
            return fail(EINVAL);
        return real_set_int(s, R_RECOVERY_IVL, (int)i64 * 1000);
    case O2_RECOVERY_IVL_MSEC:
        if (arg64(val, len, &i64) != 0)
            return -1;
        if (i64 < 0 || i64 > INT_MAX)
            return fail(EINVAL);
        return real_set_int(s, R_RECOVERY_IVL, (int)i64);
    case O2_SNDBUF:
    case O2_RCVBUF: /* 2.x 0 = OS default = 4.x -1 */
        if (arg64(val, len, &u64) != 0)
            return -1;
        if (u64 > INT_MAX)
            return fail(EINVAL);
        return real_set_int(s, opt == O2_SNDBUF ? R_SNDBUF : R_RCVBUF,
                            u64 == 0 ? -1 : (int)u64);
    case O2_LINGER:
    case O2_RECONNECT_IVL:
    case O2_BACKLOG:
    case O2_RECONNECT_IVL_MAX:
    case O2_RCVTIMEO:
    case O2_SNDTIMEO: /* int, same number in 4.x */
        if (val == NULL || len != sizeof(int))
            return fail(EINVAL);
        return real.setsockopt(s, opt, val, len);
    default: /* read-only (RCVMORE, FD, EVENTS, TYPE) and unknown numbers */
        return fail(EINVAL);
    }
}
#endif /* COMPAT_MAJOR == 2 */

/* ------------------------------------------------------------------------ */
/* Socket options, 3.x: the 3.2.5 numbers pass through unchanged.           */

#if COMPAT_MAJOR == 3
enum { K_NONE, K_INT, K_I64, K_BIN };

static int opt3_kind(int opt)
{
    switch (opt) {
    case 4:  /* AFFINITY uint64 */
    case 22: /* MAXMSGSIZE int64 */
        return K_I64;
    case 5:  /* IDENTITY */
    case 6:  /* SUBSCRIBE */
    case 7:  /* UNSUBSCRIBE */
    case 32: /* LAST_ENDPOINT */
    case 38: /* TCP_ACCEPT_FILTER */
        return K_BIN;
    case 8:  /* RATE */
    case 9:  /* RECOVERY_IVL (ms) */
    case 11: /* SNDBUF */
    case 12: /* RCVBUF */
    case 13: /* RCVMORE */
    case 14: /* FD */
    case 15: /* EVENTS */
    case 16: /* TYPE */
    case 17: /* LINGER */
    case 18: /* RECONNECT_IVL */
    case 19: /* BACKLOG */
    case 21: /* RECONNECT_IVL_MAX */
    case 23: /* SNDHWM */
    case 24: /* RCVHWM */
    case 25: /* MULTICAST_HOPS */
    case 27: /* RCVTIMEO */
    case 28: /* SNDTIMEO */
    case 31: /* IPV4ONLY */
    case 33: /* ROUTER_MANDATORY */
    case 34: /* TCP_KEEPALIVE */
    case 35: /* TCP_KEEPALIVE_CNT */
    case 36: /* TCP_KEEPALIVE_IDLE */
    case 37: /* TCP_KEEPALIVE_INTVL */
    case 39: /* DELAY_ATTACH_ON_CONNECT (4.x IMMEDIATE) */
    case 40: /* XPUB_VERBOSE */
        return K_INT;
    default: /* 1, 3, 10, 20 (2.x only), 26, 29, 30 and 41+ (4.x) */
        return K_NONE;
    }
}

EXPORT int zmq_setsockopt(void *s, int opt, const void *val, size_t len)
{
    REQUIRE_READY(-1);
    if (s == NULL)
        return fail(ENOTSOCK);
    if (opt3_kind(opt) == K_NONE)
        return fail(EINVAL);
    return real.setsockopt(s, opt, val, len);
}

/* 3.x accepts a larger *optvallen for int/int64 values and shrinks it. */
EXPORT int zmq_getsockopt(void *s, int opt, void *val, size_t *len)
{
    REQUIRE_READY(-1);
    if (s == NULL)
        return fail(ENOTSOCK);
    int kind = opt3_kind(opt);
    if (kind == K_NONE)
        return fail(EINVAL);
    if (kind == K_BIN)
        return real.getsockopt(s, opt, val, len);
    if (val == NULL || len == NULL)
        return fail(EFAULT);
    size_t need = kind == K_INT ? sizeof(int) : 8;
    if (*len < need)
        return fail(EINVAL);
    size_t n = need;
    if (real.getsockopt(s, opt, val, &n) != 0)
        return -1;
    *len = n;
    return 0;
}
#endif /* COMPAT_MAJOR == 3 */

/* ------------------------------------------------------------------------ */
/* Poll and devices.                                                        */

#if COMPAT_MAJOR == 2
/* 2.x: timeout in microseconds, -1 = forever. Rounded up to milliseconds. */
EXPORT int zmq_poll(compat_pollitem_t *items, int nitems, long timeout_us)
{
    REQUIRE_READY(-1);
    long ms = timeout_us < 0 ? -1 : timeout_us / 1000 + (timeout_us % 1000 != 0);
    return real.poll(items, nitems, ms);
}

/* 2.x: ZMQ_STREAMER=1, ZMQ_FORWARDER=2, ZMQ_QUEUE=3, all the same proxy. */
EXPORT int zmq_device(int type, void *frontend, void *backend)
{
    REQUIRE_READY(-1);
    if (type < Z_STREAMER || type > Z_QUEUE)
        return fail(EINVAL);
    return real.proxy(frontend, backend, NULL);
}
#else
EXPORT int zmq_poll(compat_pollitem_t *items, int nitems, long timeout_ms)
{
    REQUIRE_READY(-1);
    return real.poll(items, nitems, timeout_ms);
}

EXPORT int zmq_proxy(void *frontend, void *backend, void *capture)
{
    REQUIRE_READY(-1);
    return real.proxy(frontend, backend, capture);
}

/* 3.x ignores the device type. */
EXPORT int zmq_device(int type, void *frontend, void *backend)
{
    (void)type;
    REQUIRE_READY(-1);
    return real.proxy(frontend, backend, NULL);
}
#endif

/* ------------------------------------------------------------------------ */
/* 3.2 socket monitor.                                                      */

#if COMPAT_MAJOR == 3
/*
 * 3.2 publishes one frame per event on a PAIR bound at the user's inproc
 * address: a zmq_event_t { int event; union { struct { char *addr; int value;
 * } ... } data; } (24 bytes on LP64: event @0, addr @8, value @16), whose addr
 * stays valid until that message is released.
 *
 * 4.x publishes two frames (uint16 event + uint32 value, then the endpoint).
 * We point the real monitor at a private inproc endpoint and run a forwarder
 * thread: `in` (PAIR connected to the private endpoint) -> `out` (PAIR bound
 * at the user's address). MONITOR_STOPPED is always requested from the real
 * library and ends the thread; it is not forwarded (3.2 had no such event).
 */
struct event32 {
    int event;
    struct {
        char *addr;
        int value;
    } data;
};

struct monitor {
    pthread_t thread;
    void *in, *out;
    int events; /* the user's mask */
    int stop;   /* set (atomically) to ask the thread to quit */
    int done, detached; /* under mon_lock */
    char *addr; /* the user's endpoint */
    char internal[96];
};

static pthread_mutex_t mon_lock = PTHREAD_MUTEX_INITIALIZER;

static void event_free(void *data, void *hint)
{
    (void)hint;
    free(data); /* the address string lives in the same block */
}

static int stop_requested(struct monitor *m)
{
    return __atomic_load_n(&m->stop, __ATOMIC_ACQUIRE);
}

/* forward sends one 3.2 event; returns -1 when the thread must quit. */
static int forward(struct monitor *m, int event, int value, const char *ep, size_t eplen)
{
    struct event32 *ev = malloc(sizeof *ev + eplen + 1);
    if (ev == NULL)
        return 0; /* drop the event */
    memset(ev, 0, sizeof *ev);
    ev->event = event;
    ev->data.addr = (char *)(ev + 1);
    ev->data.value = value;
    memcpy(ev->data.addr, ep, eplen);
    ev->data.addr[eplen] = '\0';

    _Alignas(8) unsigned char msg[REAL_MSG_SIZE];
    if (real.msg_init_data(msg, ev, sizeof *ev, event_free, NULL) != 0) {
        free(ev);
        return 0;
    }
    int rc = 0;
    for (;;) {
        if (real.msg_send(msg, m->out, Z_DONTWAIT) >= 0)
            break;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN || stop_requested(m)) { /* ETERM or being stopped */
            rc = -1;
            break;
        }
        /* No reader yet, or it is behind: wait, but keep an eye on stop. */
        compat_pollitem_t it = {m->out, 0, Z_POLLOUT, 0};
        if (real.poll(&it, 1, 100) < 0 && errno != EINTR) {
            rc = -1;
            break;
        }
    }
    real.msg_close(msg);
    return rc;
}

static void *monitor_main(void *arg)
{
    struct monitor *m = arg;
    _Alignas(8) unsigned char head[REAL_MSG_SIZE], ep[REAL_MSG_SIZE];
    real.msg_init(head);
    real.msg_init(ep);
    for (;;) {
        compat_pollitem_t it = {m->in, 0, Z_POLLIN, 0};
        int rc = real.poll(&it, 1, 100);
        if (rc < 0 && errno != EINTR)
            break; /* ETERM */
        if (stop_requested(m))
            break;
        if (rc <= 0)
            continue;
        if (real.msg_recv(head, m->in, Z_DONTWAIT) < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            break;
        }
        if (!real.msg_more(head))
            continue; /* not a 4.x event; ignore */
        while (real.msg_recv(ep, m->in, 0) < 0)
            if (errno != EINTR)
                goto out;
        if (real.msg_size(head) < 6)
            continue;
        uint16_t event;
        uint32_t value;
        memcpy(&event, real.msg_data(head), 2);
        memcpy(&value, (char *)real.msg_data(head) + 2, 4);
        if (event == Z_EVENT_MONITOR_STOPPED)
            break;
        if ((event & m->events) == 0)
            continue;
        if (forward(m, event, (int)value, real.msg_data(ep), real.msg_size(ep)) != 0)
            break;
    }
out:
    real.msg_close(head);
    real.msg_close(ep);
    /* Unbind explicitly: close releases an inproc name asynchronously, and the
     * user may want to monitor again at the same address right away. */
    real.unbind(m->out, m->addr);
    real.close(m->out);
    real.close(m->in);

    pthread_mutex_lock(&mon_lock);
    m->done = 1;
    int self_free = m->detached;
    pthread_mutex_unlock(&mon_lock);
    if (self_free) {
        free(m->addr);
        free(m);
    }
    return NULL;
}

/* monitor_release: wait=1 stops the thread and joins it (the real monitor
 * must already be stopped); wait=0 lets it run to its natural end. */
static void monitor_release(struct monitor *m, int wait)
{
    if (m == NULL)
        return;
    if (wait) {
        __atomic_store_n(&m->stop, 1, __ATOMIC_RELEASE);
    } else {
        pthread_mutex_lock(&mon_lock);
        if (!m->done) {
            pthread_t t = m->thread;
            m->detached = 1; /* the thread frees m */
            pthread_mutex_unlock(&mon_lock);
            pthread_detach(t);
            return;
        }
        pthread_mutex_unlock(&mon_lock);
    }
    pthread_join(m->thread, NULL);
    free(m->addr);
    free(m);
}

static void *new_pair(void *ctx)
{
    void *s = real.socket(ctx, Z_PAIR);
    if (s != NULL)
        real_set_int(s, R_LINGER, 0); /* never hold up context termination */
    return s;
}

EXPORT int zmq_socket_monitor(void *s, const char *addr, int events)
{
    static unsigned long counter;
    REQUIRE_READY(-1);
    if (s == NULL)
        return fail(ENOTSOCK);
    /* 3.2 only monitors to inproc. */
    if (addr != NULL && strncmp(addr, "inproc://", 9) != 0)
        return fail(EPROTONOSUPPORT);

    pthread_mutex_lock(&tab_lock);
    struct sock_rec *rec = rec_find(s);
    void *ctx = rec != NULL ? rec->ctx : NULL;
    struct monitor *old = rec != NULL ? rec->mon : NULL;
    if (rec != NULL)
        rec->mon = NULL;
    pthread_mutex_unlock(&tab_lock);
    if (rec == NULL)
        return fail(ENOTSOCK);

    /* Stop any current monitor (4.x sends MONITOR_STOPPED, ending the thread). */
    if (old != NULL || addr == NULL) {
        int rc = real.socket_monitor(s, NULL, 0);
        int e = errno;
        monitor_release(old, 1);
        errno = e;
        if (addr == NULL)
            return rc;
    }

    struct monitor *m = calloc(1, sizeof *m);
    if (m == NULL || (m->addr = strdup(addr)) == NULL) {
        free(m);
        return fail(ENOMEM);
    }
    m->events = events & Z_EVENT_ALL_3;
    snprintf(m->internal, sizeof m->internal, "inproc://zmqcompat-monitor-%p-%lu", (void *)m,
             __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED));

    int e;
    if (real.socket_monitor(s, m->internal, m->events | Z_EVENT_MONITOR_STOPPED) != 0) {
        e = errno;
        goto fail_free;
    }
    if ((m->in = new_pair(ctx)) == NULL || real.connect(m->in, m->internal) != 0 ||
        (m->out = new_pair(ctx)) == NULL || real.bind(m->out, addr) != 0) {
        e = errno;
        goto fail_stop;
    }
    if ((e = pthread_create(&m->thread, NULL, monitor_main, m)) != 0)
        goto fail_stop;

    pthread_mutex_lock(&tab_lock);
    rec = rec_find(s);
    if (rec != NULL)
        rec->mon = m;
    pthread_mutex_unlock(&tab_lock);
    if (rec == NULL) /* closed meanwhile by another thread: misuse, but be tidy */
        monitor_release(m, 0);
    return 0;

fail_stop:
    real.socket_monitor(s, NULL, 0);
    if (m->out != NULL)
        real.close(m->out);
    if (m->in != NULL)
        real.close(m->in);
fail_free:
    free(m->addr);
    free(m);
    return fail(e);
}
#endif /* COMPAT_MAJOR == 3 */
