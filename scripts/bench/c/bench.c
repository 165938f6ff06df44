/*
 * The C side of scripts/bench: the same workloads as the zmqffi and
 * pebbe/zmq4 programs, making the same libzmq calls: zmq_send of a reused
 * buffer; receiving either into a new buffer per frame (-recv alloc: what an
 * allocating receive in Go does, zmq_msg_init + zmq_msg_recv, malloc and
 * memcpy of the frame, zmq_msg_close, and free once the frame is used) or
 * into a reused buffer (-recv into: zmq_recv).
 *
 *   bench -role pull|push|pushpull|pushpull-zc|rep|req|version
 *         -transport tcp|inproc -size N -count N [-warmup N] -endpoint E
 *         [-recv alloc|into]
 *
 * pushpull-zc is pushpull through zmq_msg_t, the calls of libzmq's own
 * inproc_thr: zmq_msg_init_size + zmq_msg_send, zmq_msg_recv + zmq_msg_close.
 *
 * Throughput (pull, pushpull): the receiver starts its clock at the first
 * message and stops it at the last, like libzmq's local_thr; it prints
 *   RESULT impl=c role=... transport=... size=N recv=MODE msgs=N-1 ns=ELAPSED
 * Latency (req): warmup untimed round trips, then count timed ones; it prints
 *   RESULT impl=c role=req ... rtts=N mean_ns=.. p50_ns=.. p99_ns=..
 *
 * Build: gcc -O2 -o bench bench.c -lzmq -lpthread -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

static const char *role = "", *transport = "tcp", *endpoint = "", *recv_mode = "alloc";
static int recv_alloc = 1;
static long size = 1, count = 1000, warmup = 1000;

static void die(const char *what) {
	fprintf(stderr, "bench.c: %s: %s\n", what, zmq_strerror(zmq_errno()));
	exit(1);
}

static int64_t now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void send_all(void *s, char *buf, long n) {
	for (long i = 0; i < n; i++) {
		while (zmq_send(s, buf, size, 0) < 0) {
			if (zmq_errno() != EINTR) die("zmq_send");
		}
	}
}

/* Receives one frame into buf (-recv into), or into a new buffer that is
 * freed once used (-recv alloc). */
static void recv_one(void *s, char *buf) {
	if (!recv_alloc) {
		while (zmq_recv(s, buf, size, 0) < 0) {
			if (zmq_errno() != EINTR) die("zmq_recv");
		}
		return;
	}
	zmq_msg_t m;
	zmq_msg_init(&m);
	while (zmq_msg_recv(&m, s, 0) < 0) {
		if (zmq_errno() != EINTR) die("zmq_msg_recv");
	}
	size_t n = zmq_msg_size(&m);
	char *out = malloc(n > 0 ? n : 1);
	if (!out) die("malloc");
	memcpy(out, zmq_msg_data(&m), n);
	zmq_msg_close(&m);
	/* use the frame: keep the compiler from dropping the copy */
	__asm__ volatile("" : : "r"(out) : "memory");
	free(out);
}

/* Receives count messages and prints the rate from the first to the last. */
static void pull_loop(void *s) {
	char *buf = calloc(1, size > 0 ? size : 1);
	recv_one(s, buf);
	int64_t start = now_ns();
	for (long i = 1; i < count; i++) recv_one(s, buf);
	int64_t ns = now_ns() - start;
	printf("RESULT impl=c role=%s transport=%s size=%ld recv=%s msgs=%ld ns=%lld\n", role, transport, size, recv_mode,
	       count - 1, (long long)ns);
	free(buf);
}

/* pull_loop through zmq_msg_t, as libzmq's inproc_thr receives. */
static void recv_msg(void *s) {
	zmq_msg_t m;
	zmq_msg_init(&m);
	while (zmq_msg_recv(&m, s, 0) < 0) {
		if (zmq_errno() != EINTR) die("zmq_msg_recv");
	}
	if ((long)zmq_msg_size(&m) != size) {
		fprintf(stderr, "bench.c: received %ld bytes, sent %ld\n", (long)zmq_msg_size(&m), size);
		exit(1);
	}
	zmq_msg_close(&m);
}

static void pull_msg_loop(void *s) {
	recv_msg(s);
	int64_t start = now_ns();
	for (long i = 1; i < count; i++) recv_msg(s);
	int64_t ns = now_ns() - start;
	printf("RESULT impl=c role=%s transport=%s size=%ld msgs=%ld ns=%lld\n", role, transport, size, count - 1,
	       (long long)ns);
}

struct pusher {
	void *ctx;
	int msgs; /* send with zmq_msg_init_size + zmq_msg_send, as inproc_thr */
};

static void *push_thread(void *arg) {
	struct pusher *p = arg;
	void *s = zmq_socket(p->ctx, ZMQ_PUSH);
	if (!s) die("zmq_socket");
	if (zmq_connect(s, endpoint) != 0) die("zmq_connect");
	char *buf = calloc(1, size > 0 ? size : 1);
	if (p->msgs) {
		for (long i = 0; i < count; i++) {
			zmq_msg_t m;
			if (zmq_msg_init_size(&m, size) != 0) die("zmq_msg_init_size");
			while (zmq_msg_send(&m, s, 0) < 0) {
				if (zmq_errno() != EINTR) die("zmq_msg_send");
			}
		}
	} else {
		send_all(s, buf, count);
	}
	zmq_close(s);
	free(buf);
	return NULL;
}

static int cmp64(const void *a, const void *b) {
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static long pct(long n, int p) {
	long i = n * p / 100;
	return i >= n ? n - 1 : i;
}

int main(int argc, char **argv) {
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];
		if (!strcmp(k, "-role")) role = v;
		else if (!strcmp(k, "-transport")) transport = v;
		else if (!strcmp(k, "-endpoint")) endpoint = v;
		else if (!strcmp(k, "-size")) size = atol(v);
		else if (!strcmp(k, "-count")) count = atol(v);
		else if (!strcmp(k, "-warmup")) warmup = atol(v);
		else if (!strcmp(k, "-recv")) recv_mode = v;
		else {
			fprintf(stderr, "bench.c: unknown flag %s\n", k);
			return 2;
		}
	}
	if (!strcmp(role, "version")) {
		int major, minor, patch;
		Dl_info info = {0};
		zmq_version(&major, &minor, &patch);
		dladdr((void *)zmq_version, &info);
		printf("VERSION impl=c libzmq=%d.%d.%d path=%s recv=alloc,into zc=1\n", major, minor, patch,
		       info.dli_fname ? info.dli_fname : "?");
		return 0;
	}
	if (strcmp(recv_mode, "alloc") && strcmp(recv_mode, "into")) {
		fprintf(stderr, "bench.c: -recv %s: alloc or into\n", recv_mode);
		return 2;
	}
	recv_alloc = !strcmp(recv_mode, "alloc");
	if (count < 2 || size < 0 || !*endpoint) {
		fprintf(stderr, "bench.c: need -count >= 2, -size >= 0 and -endpoint\n");
		return 2;
	}
	void *ctx = zmq_ctx_new();
	if (!ctx) die("zmq_ctx_new");
	char *buf = calloc(1, size > 0 ? size : 1);

	if (!strcmp(role, "pull")) {
		void *s = zmq_socket(ctx, ZMQ_PULL);
		if (!s || zmq_bind(s, endpoint) != 0) die("pull bind");
		pull_loop(s);
		zmq_close(s);
	} else if (!strcmp(role, "push")) {
		void *s = zmq_socket(ctx, ZMQ_PUSH);
		if (!s || zmq_connect(s, endpoint) != 0) die("push connect");
		send_all(s, buf, count);
		zmq_close(s);
	} else if (!strcmp(role, "pushpull") || !strcmp(role, "pushpull-zc")) {
		int msgs = !strcmp(role, "pushpull-zc");
		void *s = zmq_socket(ctx, ZMQ_PULL);
		if (!s || zmq_bind(s, endpoint) != 0) die("pull bind");
		struct pusher p = {ctx, msgs};
		pthread_t t;
		if (pthread_create(&t, NULL, push_thread, &p) != 0) die("pthread_create");
		if (msgs) pull_msg_loop(s);
		else pull_loop(s);
		pthread_join(t, NULL);
		zmq_close(s);
	} else if (!strcmp(role, "rep")) {
		void *s = zmq_socket(ctx, ZMQ_REP);
		if (!s || zmq_bind(s, endpoint) != 0) die("rep bind");
		for (long i = 0; i < warmup + count; i++) {
			recv_one(s, buf);
			send_all(s, buf, 1);
		}
		zmq_close(s);
	} else if (!strcmp(role, "req")) {
		void *s = zmq_socket(ctx, ZMQ_REQ);
		if (!s || zmq_connect(s, endpoint) != 0) die("req connect");
		for (long i = 0; i < warmup; i++) {
			send_all(s, buf, 1);
			recv_one(s, buf);
		}
		int64_t *lat = malloc(count * sizeof *lat), sum = 0;
		for (long i = 0; i < count; i++) {
			int64_t t0 = now_ns();
			send_all(s, buf, 1);
			recv_one(s, buf);
			lat[i] = now_ns() - t0;
			sum += lat[i];
		}
		qsort(lat, count, sizeof *lat, cmp64);
		printf("RESULT impl=c role=req transport=%s size=%ld recv=%s rtts=%ld mean_ns=%lld p50_ns=%lld p99_ns=%lld\n", transport,
		       size, recv_mode, count, (long long)(sum / count), (long long)lat[pct(count, 50)], (long long)lat[pct(count, 99)]);
		free(lat);
		zmq_close(s);
	} else {
		fprintf(stderr, "bench.c: unknown -role %s\n", role);
		return 2;
	}
	free(buf);
	zmq_ctx_term(ctx);
	return 0;
}
