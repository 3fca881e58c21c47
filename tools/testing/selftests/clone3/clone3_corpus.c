// SPDX-License-Identifier: GPL-2.0
/*
 * clone3_corpus - a deterministic corpus of clone3() calls
 *
 * Usage: clone3_corpus [--seed N] [--count N] [--compat32-safe]
 *                      [--as root|user|userns]
 *
 * Generates the same cases for the same seed and prints one line per case,
 * "<case-id> <ok|ERRNONAME>", then "# corpus: N cases". Two kernels whose
 * clone3() argument handling agrees print the same lines. Nothing printed
 * depends on addresses or pids.
 *
 * The cases: every rule of the argument handling alone and in pairs and
 * triples, struct sizes, tails, structs at the edge of unmapped and
 * PROT_NONE memory, bad pointers, each flag bit, exit signals, set_tid,
 * CLONE_INTO_CGROUP, namespace flags, stacks, the legacy clone(), fork()
 * and vfork() ("legacy-*", the list differs between architectures), then
 * seeded random mixtures up to --count.
 *
 * --as runs the cases where permissions decide, and leaves out those of the
 * struct's size, tail, placement, pointers and stacks; it is started as
 * root, which sets up the cgroups first:
 *   root    as started (the default);
 *   user    as uid and gid 65534 without capabilities or groups, in a
 *           cgroup delegated to it (so CLONE_INTO_CGROUP into its own
 *           subtree is allowed, into another one refused);
 *   userns  the same user as root of a new user namespace, in a new PID
 *           namespace whose init reaps: capabilities that hold only
 *           there, and set_tid arrays of two levels.
 *
 * --compat32-safe leaves out the cases whose result depends on the word
 * size (64-bit pointers, sizes and stack ranges), so a 32-bit and a 64-bit
 * build can be compared on the rest. A 32-bit build, run on a 64-bit
 * kernel through its compat syscall table, leaves out only what it cannot
 * pass: a size or a struct pointer above 4 GiB, and legacy clone()
 * arguments above 4 GiB (its registers are 32 bits); 64-bit values in the
 * fields of struct clone_args stay in.
 */

#include "clone3_stress.h"

#include <getopt.h>
#include <grp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>

/* clone3_faults.c builds this file with C3_FAULTS 1 */
#ifndef C3_FAULTS
#define C3_FAULTS	0
#define PROG		"clone3_corpus"
#endif
/* A case with more injection points than this is a bug in the loop. */
#define FAIL_NTH_MAX	10000
/* Runs of a case's fail-nth loop until two in a row must have agreed. */
#define FAULT_RUNS	5

#define SIGCHLD_U64	((__u64)SIGCHLD)

/*
 * Two more cgroups for CLONE_INTO_CGROUP: CG_DELEG, in a subtree delegated
 * to NOBODY (who runs in its "self" cgroup with --as user or userns), and
 * CG_FOREIGN, in one delegated to another user.
 */
#define NOBODY		65534
#define OTHER_USER	65533
#define CG_DELEG	(C3_CG_GOOD + 4)
#define CG_FOREIGN	(C3_CG_GOOD + 5)

/* set_tid entry codes, resolved just before the call */
#define TID_SELF	((__s64)0x7fff000000000001LL)
#define TID_FREE	((__s64)0x7fff000000000002LL)

enum { P_NORMAL, P_REGION, P_RAW };

#define MAX_TAIL	8
#define MAX_ST		40

struct tcase {
	char id[64];
	struct c3_args a;
	__u64 usize;
	int place;
	int region;
	long delta;		/* P_NORMAL: misalignment; P_REGION: see below */
	__u64 raw;		/* P_RAW: the struct pointer (may be symbolic) */
	int ntail;
	unsigned int tailoff[MAX_TAIL];
	unsigned char tailval[MAX_TAIL];
	int nst;		/* set_tid entries to write at a.f[F_SET_TID] */
	__s64 st[MAX_ST];
	int wide;		/* depends on the word size */
	int nonleader;		/* called by a thread that is not the leader */
};

static unsigned long long opt_seed = 1, opt_count = 100000;
static int opt_compat32;
enum { AS_ROOT, AS_USER, AS_USERNS };
static int opt_as = AS_ROOT;
static unsigned long long n_cases, n_ok, n_points, n_unstable;
static unsigned long ps;
static unsigned char *img;
static int cg_ok;

static void die(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, PROG ": %s: %s\n", msg, strerror(errno));
	exit(1);
}

static void set_id(struct tcase *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->id, sizeof(c->id), fmt, ap);
	va_end(ap);
}

/* A valid struct: size 88, exit_signal SIGCHLD, pointers to scratch. */
static void base_case(struct tcase *c, __u64 usize)
{
	memset(c, 0, sizeof(*c));
	c->usize = usize;
	c->a.f[F_EXIT_SIGNAL] = SIGCHLD_U64;
	c->a.f[F_PIDFD] = C3_SYM(S_PIDFD);
	c->a.f[F_CHILD_TID] = C3_SYM(S_CTID);
	c->a.f[F_PARENT_TID] = C3_SYM(S_PTID);
	c->a.f[F_CGROUP] = C3_CG_GOOD;
}

static void add_tail(struct tcase *c, unsigned int off, unsigned char val)
{
	if (c->ntail < MAX_TAIL) {
		c->tailoff[c->ntail] = off;
		c->tailval[c->ntail] = val;
		c->ntail++;
	}
}

static void set_tids(struct tcase *c, __u64 ptr, __u64 size, int n,
		     __s64 v0, __s64 v1)
{
	int i;

	c->a.f[F_SET_TID] = ptr;
	c->a.f[F_SET_TID_SIZE] = size;
	c->nst = n > MAX_ST ? MAX_ST : n;
	for (i = 0; i < c->nst; i++)
		c->st[i] = i == 0 ? v0 : v1;
}

/* Is @v a value that only a 64-bit address space can hold or judge? */
static int wide_value(__u64 v)
{
	if ((v & C3_SYM_MASK) == C3_SYM_BASE)
		return (v & C3_SYM_HI_MASK) != 0;
	return v > 0xffffffffULL;
}

/* Span of the struct bytes we write, relative to its start. */
static unsigned long image_len(const struct tcase *c)
{
	unsigned long len = C3_SIZE_VER2;
	int i;

	if (c->usize <= 2 * ps && c->usize > len)
		len = c->usize;
	for (i = 0; i < c->ntail; i++)
		if (c->tailoff[i] + 1UL > len)
			len = c->tailoff[i] + 1UL;
	if (len > 2 * ps + 64)
		len = 2 * ps + 64;
	return len;
}

static __u64 struct_addr(const struct tcase *c, unsigned long len)
{
	unsigned long span;

	switch (c->place) {
	case P_NORMAL:
		return c3_ptr(c3_page(PG_NORMAL)) + c->delta;
	case P_REGION:
		/*
		 * E regions: the struct (usize bytes, or 88 when usize is
		 * huge) ends at boundary + delta. L regions: it starts at
		 * boundary + delta.
		 */
		span = c->usize <= 2 * ps ? c->usize : C3_SIZE_VER2;
		if (c->region == R_EU || c->region == R_EP)
			return c3_ptr(c3_boundary(c->region)) + c->delta - span;
		return c3_ptr(c3_boundary(c->region)) + c->delta;
	}
	(void)len;
	return c3_resolve(c->raw);
}

/* Can a 32-bit process not pass this case's size or struct pointer? */
static int unpassable(const struct tcase *c)
{
	return c->usize > 0xffffffffULL ||
	       (c->place == P_RAW && wide_value(c->raw));
}

static int is_wide(const struct tcase *c)
{
	int i;

	if (c->wide || c->usize > 0xffffffffULL)
		return 1;
	if (c->place == P_RAW && wide_value(c->raw))
		return 1;
	for (i = 0; i < F_NR; i++) {
		if (i == F_FLAGS || i == F_EXIT_SIGNAL || i == F_SET_TID_SIZE ||
		    i == F_CGROUP || i == F_TLS)
			continue;
		if (wide_value(c->a.f[i]))
			return 1;
	}
	return 0;
}

/*
 * fault_result - print one line of a case, and say whether to go on
 * @id: the case
 * @n: the fail-nth value (0: none, as in the plain corpus)
 * @ret: what the call returned
 * @injected: whether the fault was injected
 *
 * Return: true if clone3_faults should try n + 1
 */
/*
 * The lines of a case's fail-nth loop, of this run and the one before.
 * clone3_faults prints a case once two runs of it in a row agree: how many
 * allocations the C core makes can depend on work the kernel still does
 * for an earlier case (a pid freed after an RCU grace period, a cgroup
 * being released). Where runs never agree, the case is printed up to the
 * first line in which any two runs in a row differed, after "# unstable
 * <case-id> <lines>"; the argument handling comes first in every run, so
 * it stays compared. CLONE_NEWNET cases are left out: every new network
 * namespace registers a loopback device, whose sysfs nodes take inode
 * numbers from a cyclic IDR, so where the IDR needs a new node moves on
 * with every call, and consecutive runs of a case rarely agree; their
 * argument handling is that of the other flags, which stay in.
 */
static char fault_seq[2][FAIL_NTH_MAX * 96];
static size_t fault_len[2];
static int fault_cur;
/* bytes of the lines on which all runs of this case so far agree */
static size_t fault_agreed;

static bool fault_result(const char *id, unsigned int n, long ret,
			 int injected)
{
	const char *res = ret > 0 ? "ok" : c3_errname(-ret);
	size_t room = sizeof(fault_seq[0]) - fault_len[fault_cur];
	int len;

	if (!n) {
		printf("%s %s\n", id, res);
		return false;
	}
	len = snprintf(fault_seq[fault_cur] + fault_len[fault_cur], room,
		       "%s/%u %s,%s\n", id, n, res,
		       injected ? "injected" : "none");
	if (len < 0 || (size_t)len >= room || (injected && n >= FAIL_NTH_MAX)) {
		fflush(stdout);
		fprintf(stderr, "clone3_faults: %s: more than %u injection points\n",
			id, n - 1);
		exit(1);
	}
	fault_len[fault_cur] += len;
	return injected;
}

/* Start run @run (from 0) of a case's fail-nth loop. */
static void fault_run_start(int run)
{
	fault_cur ^= 1;
	fault_len[fault_cur] = 0;
	if (!run)
		fault_agreed = SIZE_MAX;
}

/* Bytes of the whole lines that the last two runs have in common. */
static size_t fault_common(void)
{
	size_t i, line = 0;

	for (i = 0; i < fault_len[0] && i < fault_len[1]; i++) {
		if (fault_seq[0][i] != fault_seq[1][i])
			break;
		if (fault_seq[0][i] == '\n')
			line = i + 1;
	}
	return line;
}

/*
 * fault_run_done - after run @run (from 0) of case @id, print it if done
 *
 * Return: true if this run and the one before agree, or if it was the last
 */
static bool fault_run_done(const char *id, int run)
{
	const char *seq = fault_seq[fault_cur], *p;
	size_t len = fault_len[fault_cur];
	bool same = false;

	if (run > 0) {
		same = fault_len[0] == fault_len[1] &&
		       !memcmp(fault_seq[0], fault_seq[1], fault_len[0]);
		if (!same && fault_common() < fault_agreed)
			fault_agreed = fault_common();
	}
	if (!same && run + 1 < FAULT_RUNS)
		return false;
	if (!same) {
		unsigned int lines = 0;

		len = fault_agreed;
		for (p = seq; p < seq + len; p++)
			lines += *p == '\n';
		printf("# unstable %s %u\n", id, lines);
		n_unstable++;
	}
	fwrite(seq, 1, len, stdout);
	for (p = seq; (p = memmem(p, seq + len - p, ",injected\n", 10)); p += 10)
		n_points++;
	return true;
}

/*
 * call_one - clone3(@addr, @size), or the legacy call @l if not NULL
 * @flags: the clone flags the kernel sees, for reaping
 * @esig: the exit signal: SIGKILL and SIGSTOP calls run in a sub-parent
 * @slot: where a legacy CLONE_PIDFD returns the pidfd, or NULL
 * @n: fail the n-th injectable operation (0: none)
 * @injected: set to whether that fault was injected
 *
 * Return: as c3_raw_clone3(), or 1 for a success in a sub-parent
 */
static long call_one(__u64 addr, __u64 size, const struct c3_legacy *l,
		     __u64 flags, __u64 esig, int *slot, unsigned int n,
		     int *injected)
{
	long ret;

	*injected = 0;
	if (n)
		c3_fail_pid_reset();
	if (esig == SIGKILL || esig == SIGSTOP) {
		c3_fail_n = n;
		ret = c3_subparent(addr, size, l, flags, slot);
		c3_fail_n = 0;
		*injected = n && c3_subres && c3_subres->injected;
		return ret;
	}
	if (n)
		c3_fail_arm(n);
	ret = l ? c3_raw_legacy(l) : c3_raw_clone3(addr, size);
	if (n)
		*injected = c3_fail_consumed();
	if (ret > 0) {
		if (flags & CLONE_PIDFD)
			syscall(__NR_close_range, 3, C3_CG_GOOD - 1, 0);
		c3_reap(ret, flags);
	}
	return ret;
}

/* One call of a case, @n as in fault_result(); return whether to go on. */
static bool run_case_once(struct tcase *c, unsigned int n)
{
	struct c3_args view;
	unsigned long len = image_len(c), stlen = 0;
	__u64 addr, st_addr = 0;
	int i, *st_img = NULL, free_pid = 0, injected;
	long ret;

	/* The struct image: resolved fields, then tail bytes. */
	memset(img, 0, len);
	for (i = 0; i < F_NR; i++) {
		__u64 v = c3_resolve(c->a.f[i]);

		memcpy(img + 8 * i, &v, 8);
	}
	for (i = 0; i < c->ntail; i++)
		if (c->tailoff[i] < len)
			img[c->tailoff[i]] = c->tailval[i];
	addr = struct_addr(c, len);
	if (c->place != P_RAW)
		c3_poke(addr, img, len);

	/* The set_tid array, where it is writable. */
	if (c->nst) {
		static int st_buf[MAX_ST];

		st_addr = c3_resolve(c->a.f[F_SET_TID]);
		for (i = 0; i < c->nst; i++) {
			__s64 v = c->st[i];

			if (v == TID_SELF)
				v = getpid();
			else if (v == TID_FREE)
				v = free_pid ? free_pid : (free_pid = c3_free_pid());
			st_buf[i] = (int)v;
		}
		st_img = st_buf;
		stlen = c->nst * sizeof(int);
		c3_poke(st_addr, st_img, stlen);
	}
	*c3_scratch_int(SCR_PIDFD) = -1;

	/* What the kernel reads, if it can read it. */
	memset(&view, 0, sizeof(view));
	if (c->place != P_RAW)
		memcpy(&view, img, c->usize < C3_SIZE_VER2 ? c->usize :
		       C3_SIZE_VER2);

	ret = call_one(addr, c->usize, NULL, view.f[F_FLAGS],
		       view.f[F_EXIT_SIGNAL], c3_scratch_int(SCR_PIDFD), n,
		       &injected);
	if (ret > 0)
		n_ok++;

	/* Leave the area clean for the next case. */
	if (c->place != P_RAW)
		c3_poke(addr, NULL, len);
	if (stlen)
		c3_poke(st_addr, NULL, stlen);
	return fault_result(c->id, n, ret, injected);
}

static void *nonleader_main(void *c)
{
	run_case_once(c, 0);
	return NULL;
}

/* The call of @c made by a second thread of the process, then joined. */
static void run_in_thread(struct tcase *c)
{
	pthread_t t;
	int err;

	err = pthread_create(&t, NULL, nonleader_main, c);
	if (err) {
		errno = err;
		die("pthread_create");
	}
	pthread_join(t, NULL);
}

static void run_case(struct tcase *c)
{
	unsigned int n;
	int run;

	if (n_cases >= opt_count)
		return;
	if (opt_compat32 && is_wide(c))
		return;
	if (C3_WORD32 && unpassable(c))
		return;
	/*
	 * Under fault injection, no case whose child has the exit signal
	 * SIGKILL: its exit kills the caller before the caller can read
	 * fail-nth back. No CLONE_NEWNET case either: see fault_seq.
	 */
	if (C3_FAULTS && (c3_resolve(c->a.f[F_EXIT_SIGNAL]) == SIGKILL ||
			  c3_resolve(c->a.f[F_FLAGS]) & CLONE_NEWNET))
		return;
	/*
	 * fail-nth is the calling thread's: not for another thread's call.
	 * Nor in a 32-bit build: its glibc waits for a thread with the futex()
	 * of 32-bit time, absent without CONFIG_COMPAT_32BIT_TIME.
	 */
	if ((C3_FAULTS || C3_WORD32) && c->nonleader)
		return;
	n_cases++;
	if (!C3_FAULTS) {
		if (c->nonleader)
			run_in_thread(c);
		else
			run_case_once(c, 0);
		return;
	}
	for (run = 0;; run++) {
		fault_run_start(run);
		n = 0;
		while (run_case_once(c, ++n))
			;
		if (fault_run_done(c->id, run))
			break;
	}
}

/*
 * Rule breakers: each breaks one rule of the argument handling (REFERENCE
 * section 3), or one of kernel_clone()'s, on top of a valid struct.
 * Applied in this order when combined; a later one may override an
 * earlier one's field, which is deterministic too.
 */
struct breaker {
	const char *name;
	void (*apply)(struct tcase *c);
};

static void br_sz_big(struct tcase *c)
{
	c->usize = ps + 1;
}

static void br_sz_small(struct tcase *c)
{
	c->usize = 63;
}

static void br_sz_zero(struct tcase *c)
{
	c->usize = 0;
}

static void br_tail_nz(struct tcase *c)
{
	if (c->usize < 128)
		c->usize = 128;
	add_tail(c, 100, 0x01);
}

static void br_tail_fault(struct tcase *c)
{
	if (c->usize < 128)
		c->usize = 128;
	c->place = P_REGION;
	c->region = R_EU;
	c->delta = 8;
}

static void br_head_fault(struct tcase *c)
{
	c->place = P_RAW;
	c->raw = C3_SYM(S_HOLE);
}

static void br_head_kptr(struct tcase *c)
{
	c->place = P_RAW;
	c->raw = 0xffff888000000000ULL;
	c->wide = 1;
}

static void br_stsz_big(struct tcase *c)
{
	set_tids(c, C3_SYM(S_SETTID), 33, 33, TID_FREE, TID_FREE);
}

static void br_stsz_null(struct tcase *c)
{
	set_tids(c, 0, 1, 0, 0, 0);
}

static void br_st_nosize(struct tcase *c)
{
	set_tids(c, C3_SYM(S_SETTID), 0, 1, TID_FREE, 0);
}

static void br_esig_hi(struct tcase *c)
{
	c->a.f[F_EXIT_SIGNAL] = (1ULL << 32) | SIGCHLD;
}

static void br_esig_csig(struct tcase *c)
{
	c->a.f[F_EXIT_SIGNAL] = 0x100 | SIGCHLD;
}

static void br_cg_big(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_INTO_CGROUP;
	c->a.f[F_CGROUP] = (__u64)INT_MAX + 1;
}

static void br_cg_small(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_INTO_CGROUP;
	c->usize = C3_SIZE_VER1;
}

static void br_st_fault(struct tcase *c)
{
	set_tids(c, C3_SYM(S_HOLE), 1, 0, 0, 0);
}

static void br_st_edge(struct tcase *c)
{
	/* two entries, the second one in unmapped memory */
	set_tids(c, C3_SYM_OFF(S_STU_END, 4), 2, 2, TID_FREE, TID_FREE);
}

static void br_fl_unknown(struct tcase *c)
{
	c->a.f[F_FLAGS] |= 1ULL << 40;
}

static void br_fl_bit63(struct tcase *c)
{
	c->a.f[F_FLAGS] |= 1ULL << 63;
}

static void br_fl_detached(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_DETACHED;
}

static void br_fl_csignal(struct tcase *c)
{
	c->a.f[F_FLAGS] |= 0x11;
}

static void br_fl_sigclear(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_SIGHAND | CLONE_CLEAR_SIGHAND | CLONE_VM;
}

static void br_fl_parent(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_PARENT;
}

static void br_fl_thread(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
}

static void br_stk_nosize(struct tcase *c)
{
	c->a.f[F_STACK] = C3_SYM(S_STACK);
	c->a.f[F_STACK_SIZE] = 0;
}

static void br_stk_noptr(struct tcase *c)
{
	c->a.f[F_STACK] = 0;
	c->a.f[F_STACK_SIZE] = 4096;
}

static void br_stk_wrap(struct tcase *c)
{
	c->a.f[F_STACK] = 0xfffffffffffff000ULL;
	c->a.f[F_STACK_SIZE] = 0x2000;
	c->wide = 1;
}

static void br_stk_kernel(struct tcase *c)
{
	c->a.f[F_STACK] = 0xffff888000000000ULL;
	c->a.f[F_STACK_SIZE] = 0x1000;
	c->wide = 1;
}

static void br_esig_65(struct tcase *c)
{
	c->a.f[F_EXIT_SIGNAL] = 65;
}

static void br_pidfd_eq(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_PIDFD | CLONE_PARENT_SETTID;
	c->a.f[F_PIDFD] = C3_SYM(S_PTID);
	c->a.f[F_PARENT_TID] = C3_SYM(S_PTID);
}

static void br_pidfd_fault(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_PIDFD;
	c->a.f[F_PIDFD] = C3_SYM(S_HOLE);
}

static void br_newns_fs(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_NEWNS | CLONE_FS;
}

static void br_sighand_novm(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_SIGHAND;
}

static void br_autokill(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_PIDFD_AUTOKILL;
}

static void br_autoreap_es(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_AUTOREAP;
}

static void br_st_exist(struct tcase *c)
{
	set_tids(c, C3_SYM(S_SETTID), 1, 1, TID_SELF, 0);
}

static void br_st_nslevel(struct tcase *c)
{
	set_tids(c, C3_SYM(S_SETTID), 2, 2, TID_FREE, TID_FREE);
}

static void br_cg_badfd(struct tcase *c)
{
	c->a.f[F_FLAGS] |= CLONE_INTO_CGROUP;
	c->a.f[F_CGROUP] = C3_CG_CLOSED;
}

static const struct breaker breakers[] = {
	{ "sz-big", br_sz_big },
	{ "sz-small", br_sz_small },
	{ "sz-zero", br_sz_zero },
	{ "tail-fault", br_tail_fault },
	{ "tail-nz", br_tail_nz },
	{ "head-fault", br_head_fault },
	{ "head-kptr", br_head_kptr },
	{ "stsz-big", br_stsz_big },
	{ "stsz-null", br_stsz_null },
	{ "st-nosize", br_st_nosize },
	{ "esig-hi", br_esig_hi },
	{ "esig-256", br_esig_csig },
	{ "cg-big", br_cg_big },
	{ "cg-small", br_cg_small },
	{ "st-fault", br_st_fault },
	{ "st-edge", br_st_edge },
	{ "fl-unknown", br_fl_unknown },
	{ "fl-bit63", br_fl_bit63 },
	{ "fl-detached", br_fl_detached },
	{ "fl-csignal", br_fl_csignal },
	{ "fl-sigclear", br_fl_sigclear },
	{ "fl-parent", br_fl_parent },
	{ "fl-thread", br_fl_thread },
	{ "stk-nosize", br_stk_nosize },
	{ "stk-noptr", br_stk_noptr },
	{ "stk-wrap", br_stk_wrap },
	{ "stk-kernel", br_stk_kernel },
	{ "esig-65", br_esig_65 },
	{ "pidfd-eq", br_pidfd_eq },
	{ "pidfd-fault", br_pidfd_fault },
	{ "newns-fs", br_newns_fs },
	{ "sighand-novm", br_sighand_novm },
	{ "autokill", br_autokill },
	{ "autoreap-es", br_autoreap_es },
	{ "st-exist", br_st_exist },
	{ "st-nslevel", br_st_nslevel },
	{ "cg-badfd", br_cg_badfd },
};

#define NR_BREAKERS ((int)(ARRAY_SIZE(breakers)))

static void gen_rules(void)
{
	static const unsigned int bases[] = { 64, 80, 88, 128 };
	struct tcase c;
	unsigned int b;
	int i, j, k;

	base_case(&c, C3_SIZE_VER2);
	set_id(&c, "rule-base");
	run_case(&c);
	for (b = 0; b < 4; b++) {
		for (i = 0; i < NR_BREAKERS; i++) {
			base_case(&c, bases[b]);
			breakers[i].apply(&c);
			set_id(&c, "rule-%u-%s", bases[b], breakers[i].name);
			run_case(&c);
		}
	}
	for (b = 0; b < 4; b++) {
		for (i = 0; i < NR_BREAKERS; i++) {
			for (j = i + 1; j < NR_BREAKERS; j++) {
				base_case(&c, bases[b]);
				breakers[i].apply(&c);
				breakers[j].apply(&c);
				set_id(&c, "pair-%u-%s+%s", bases[b],
				       breakers[i].name, breakers[j].name);
				run_case(&c);
			}
		}
	}
	for (i = 0; i < NR_BREAKERS; i++) {
		for (j = i + 1; j < NR_BREAKERS; j++) {
			for (k = j + 1; k < NR_BREAKERS; k++) {
				base_case(&c, C3_SIZE_VER2);
				breakers[i].apply(&c);
				breakers[j].apply(&c);
				breakers[k].apply(&c);
				set_id(&c, "tri-%s+%s+%s", breakers[i].name,
				       breakers[j].name, breakers[k].name);
				run_case(&c);
			}
		}
	}
}

static void gen_sizes(void)
{
	const __u64 sizes[] = {
		0, 1, 7, 8, 32, 56, 63, 64, 65, 71, 72, 79, 80, 81, 87, 88,
		89, 95, 96, 104, 127, 128, 256, 512, 1024, 2048,
		ps - 8, ps - 1, ps, ps + 1, ps + 8, 2 * ps, 65536,
		0x7fffffffULL, 0x80000000ULL, 0xffffffffULL,
		0x100000000ULL, (1ULL << 32) + 64, (1ULL << 32) + 88,
		(1ULL << 32) + ps, 1ULL << 63, ~0ULL,	/* ~0: SIZE_MAX */
	};
	struct tcase c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		base_case(&c, sizes[i]);
		if (sizes[i] < 10000)
			set_id(&c, "size-%04llu", (unsigned long long)sizes[i]);
		else
			set_id(&c, "size-0x%llx", (unsigned long long)sizes[i]);
		run_case(&c);
		/* the same with CLONE_INTO_CGROUP and with set_tid */
		base_case(&c, sizes[i]);
		c.a.f[F_FLAGS] = CLONE_INTO_CGROUP;
		set_id(&c, "size-cg-0x%llx", (unsigned long long)sizes[i]);
		run_case(&c);
		base_case(&c, sizes[i]);
		set_tids(&c, C3_SYM(S_SETTID), 1, 1, TID_SELF, 0);
		set_id(&c, "size-st-0x%llx", (unsigned long long)sizes[i]);
		run_case(&c);
		/* fields beyond the size are garbage: must be ignored */
		base_case(&c, sizes[i]);
		c.a.f[F_SET_TID] = 0xdeadbeefULL;
		c.a.f[F_SET_TID_SIZE] = 0x55;
		c.a.f[F_CGROUP] = ~0ULL;
		set_id(&c, "size-junk-0x%llx", (unsigned long long)sizes[i]);
		run_case(&c);
		/* a bad pointer with every size */
		base_case(&c, sizes[i]);
		c.place = P_RAW;
		c.raw = 0;
		set_id(&c, "size-null-0x%llx", (unsigned long long)sizes[i]);
		run_case(&c);
	}
}

static void gen_tails(void)
{
	static const unsigned char vals[] = { 0x01, 0x80, 0xff };
	struct tcase c;
	unsigned int off, s, v;

	/* a non-zero byte at offset off, struct of size off+1 and ps */
	for (off = 88; off < ps; off++) {
		if (off >= 160 && off % 8 != 0 && off % 8 != 7 &&
		    off < ps - 16)
			continue;
		if (off >= 512 && off % 64 != 0 && off % 64 != 63 &&
		    off < ps - 16)
			continue;
		v = off % 3;
		base_case(&c, off + 1);
		add_tail(&c, off, vals[v]);
		set_id(&c, "tail-%04u-end", off);
		run_case(&c);
		base_case(&c, ps);
		add_tail(&c, off, vals[v]);
		set_id(&c, "tail-%04u-page", off);
		run_case(&c);
	}
	/* non-zero bytes beyond the size: must be ignored */
	for (s = 64; s <= 256; s += 8) {
		base_case(&c, s);
		add_tail(&c, s, 0xff);
		add_tail(&c, s + 7, 0x01);
		set_id(&c, "tail-beyond-%04u", s);
		run_case(&c);
	}
	/* zero tails of many sizes, at several alignments */
	for (s = 89; s <= ps; s += (s < 200 ? 1 : 61)) {
		base_case(&c, s);
		set_id(&c, "ztail-%04u", s);
		run_case(&c);
		base_case(&c, s);
		c.delta = (s % 7) + 1;
		set_id(&c, "ztail-%04u-mis%ld", s, c.delta);
		run_case(&c);
	}
	/* misaligned structs with a tail byte */
	for (off = 1; off < 8; off++) {
		for (s = 88; s <= 104; s++) {
			base_case(&c, s);
			c.delta = off;
			if (s > 88)
				add_tail(&c, s - 1, 0x40);
			set_id(&c, "mis-%u-%04u", off, s);
			run_case(&c);
		}
	}
}

static void gen_edges(void)
{
	static const char * const rname[] = { "eu", "ep", "lu", "lp" };
	static const unsigned int esz[] = { 64, 65, 72, 80, 87, 88, 89, 96,
					    128, 200, 4095, 4096, 4097 };
	struct tcase c;
	unsigned int i;
	int r;
	long d;

	for (r = 0; r < R_NR; r++) {
		for (i = 0; i < ARRAY_SIZE(esz); i++) {
			unsigned long s = esz[i];

			if (s == 4095)
				s = ps - 1;
			else if (s == 4096)
				s = ps;
			else if (s == 4097)
				s = ps + 1;
			if (r == R_EU || r == R_EP) {
				/* end = boundary + d: touching, crossing */
				for (d = -9; d <= 9; d++) {
					base_case(&c, s);
					c.place = P_REGION;
					c.region = r;
					c.delta = d;
					set_id(&c, "edge-%s-%04lu-%+ld",
					       rname[r], s, d);
					run_case(&c);
					if (s <= 88)
						continue;
					/* and a non-zero tail byte at 88 */
					base_case(&c, s);
					c.place = P_REGION;
					c.region = r;
					c.delta = d;
					add_tail(&c, 88, 0x01);
					set_id(&c, "edge-%s-%04lu-%+ld-nz",
					       rname[r], s, d);
					run_case(&c);
				}
				continue;
			}
			/* start = boundary + d: d bytes of the head are bad */
			for (d = -96; d <= 8; d++) {
				if (d < -16 && d > -80 && d % 8)
					continue;
				base_case(&c, s);
				c.place = P_REGION;
				c.region = r;
				c.delta = d;
				set_id(&c, "edge-%s-%04lu-%+ld", rname[r], s, d);
				run_case(&c);
				if (s <= 88)
					continue;
				base_case(&c, s);
				c.place = P_REGION;
				c.region = r;
				c.delta = d;
				add_tail(&c, s - 1, 0x01);
				set_id(&c, "edge-%s-%04lu-%+ld-nz",
				       rname[r], s, d);
				run_case(&c);
			}
		}
	}
}

static const __u64 bad_ptrs[] = {
	0, 1, 0xffff888000000000ULL, 0xffffffff81000000ULL,
	0x8000000000000000ULL, 0x00007ffffffff000ULL, 0x0000800000000000ULL,
	~0ULL, C3_SYM(S_HOLE), C3_SYM(S_PROTNONE), C3_SYM_OFF(S_HOLE, 4095),
};

static const char * const bad_names[] = {
	"null", "one", "kdirect", "ktext", "noncanon", "usertop", "userend",
	"all1", "unmapped", "protnone", "unmapped-4095",
};

#define NR_BAD ((unsigned int)(ARRAY_SIZE(bad_ptrs)))

static void gen_pointers(void)
{
	static const struct {
		const char *name;
		int field;
		__u64 flag;
	} pf[] = {
		{ "pidfd", F_PIDFD, CLONE_PIDFD },
		{ "ctid-set", F_CHILD_TID, CLONE_CHILD_SETTID },
		{ "ctid-clear", F_CHILD_TID, CLONE_CHILD_CLEARTID },
		{ "ptid", F_PARENT_TID, CLONE_PARENT_SETTID },
	};
	static const unsigned int psz[] = { 0, 64, 88, 89, 4096, 4097 };
	struct tcase c;
	unsigned int i, j, n;

	/* the struct pointer itself */
	for (i = 0; i < NR_BAD; i++) {
		for (j = 0; j < ARRAY_SIZE(psz); j++) {
			unsigned long s = psz[j] == 4096 ? ps :
					  psz[j] == 4097 ? ps + 1 : psz[j];

			base_case(&c, s);
			c.place = P_RAW;
			c.raw = bad_ptrs[i];
			set_id(&c, "ptr-args-%s-%lu", bad_names[i], s);
			run_case(&c);
		}
	}
	/* pidfd, child_tid, parent_tid: with and without their flag */
	for (i = 0; i < ARRAY_SIZE(pf); i++) {
		for (j = 0; j <= NR_BAD; j++) {
			for (n = 0; n < 2; n++) {
				base_case(&c, C3_SIZE_VER2);
				c.a.f[pf[i].field] = j < NR_BAD ? bad_ptrs[j] :
						     c.a.f[pf[i].field];
				if (n)
					c.a.f[F_FLAGS] |= pf[i].flag;
				set_id(&c, "ptr-%s-%s-%s", pf[i].name,
				       j < NR_BAD ? bad_names[j] : "scratch",
				       n ? "flag" : "noflag");
				run_case(&c);
				/* and with CLONE_VM|CLONE_VFORK */
				c.a.f[F_FLAGS] |= CLONE_VM | CLONE_VFORK;
				set_id(&c, "ptr-%s-%s-%s-vm", pf[i].name,
				       j < NR_BAD ? bad_names[j] : "scratch",
				       n ? "flag" : "noflag");
				run_case(&c);
			}
		}
	}
	/* set_tid pointers */
	for (j = 0; j < NR_BAD; j++) {
		for (n = 0; n < 3; n++) {
			base_case(&c, C3_SIZE_VER2);
			set_tids(&c, bad_ptrs[j], n, 0, 0, 0);
			set_id(&c, "ptr-settid-%s-%u", bad_names[j], n);
			run_case(&c);
		}
	}
}

/*
 * Values whose upper 32 bits a 32-bit kernel drops, as u64_to_user_ptr()
 * and the unsigned long fields of struct kernel_clone_args do, leaving a
 * good pointer, stack or size; and values it checks as u64 before (set_tid
 * is zero or not). Only for a 32-bit process on a 32-bit kernel: the
 * compat corpus leaves them out (is_wide()), and a 64-bit process has
 * gen_pointers() and gen_stacks().
 */
static void gen_narrow(void)
{
	static const struct {
		const char *name;
		int field;
		unsigned int sym;
		__u64 flag;
	} pf[] = {
		{ "pidfd", F_PIDFD, S_PIDFD, CLONE_PIDFD },
		{ "ctid-set", F_CHILD_TID, S_CTID, CLONE_CHILD_SETTID },
		{ "ctid-clear", F_CHILD_TID, S_CTID, CLONE_CHILD_CLEARTID },
		{ "ptid", F_PARENT_TID, S_PTID, CLONE_PARENT_SETTID },
	};
	static const struct {
		const char *name;
		__u64 stack, size;
	} st[] = {
		{ "stack", C3_SYM_HI(C3_SYM(S_STACK), 1), 4096 },
		{ "stack-all", C3_SYM_HI(C3_SYM(S_STACK), 0xfff), 4096 },
		{ "size", C3_SYM(S_STACK), (1ULL << 32) | 4096 },
		{ "both", C3_SYM_HI(C3_SYM(S_STACK), 1), (1ULL << 32) | 4096 },
		{ "stack-only", 1ULL << 32, 0 },
		{ "size-only", 0, 1ULL << 32 },
		{ "stack-zero", 1ULL << 32, 4096 },
		{ "size-zero", C3_SYM(S_STACK), 1ULL << 32 },
		{ "end-4g", 0xfffff000ULL | (1ULL << 32), 0x1000 },
	};
	static const unsigned int hi[] = { 1, 0xfff };
	struct tcase c;
	unsigned int i, j;

	if (!C3_WORD32 || opt_compat32)
		return;
	for (i = 0; i < ARRAY_SIZE(pf); i++) {
		for (j = 0; j < ARRAY_SIZE(hi); j++) {
			base_case(&c, C3_SIZE_VER2);
			c.a.f[pf[i].field] = C3_SYM_HI(C3_SYM(pf[i].sym), hi[j]);
			c.a.f[F_FLAGS] = pf[i].flag;
			set_id(&c, "narrow-%s-%x", pf[i].name, hi[j]);
			run_case(&c);
		}
	}
	for (j = 0; j < ARRAY_SIZE(hi); j++) {
		base_case(&c, C3_SIZE_VER2);
		set_tids(&c, C3_SYM_HI(C3_SYM(S_SETTID), hi[j]), 1, 1,
			 TID_FREE, 0);
		set_id(&c, "narrow-settid-%x", hi[j]);
		run_case(&c);
	}
	/* set_tid is zero only once narrowed: checked as u64 first */
	for (i = 0; i < 2; i++) {
		base_case(&c, C3_SIZE_VER2);
		set_tids(&c, 1ULL << 32, i, i, TID_FREE, 0);
		set_id(&c, "narrow-settid-null-%u", i);
		run_case(&c);
	}
	for (i = 0; i < ARRAY_SIZE(st); i++) {
		for (j = 0; j < 2; j++) {
			base_case(&c, C3_SIZE_VER2);
			c.a.f[F_STACK] = st[i].stack;
			c.a.f[F_STACK_SIZE] = st[i].size;
			c.wide = 1;
			if (j)
				c.a.f[F_FLAGS] = CLONE_VM | CLONE_VFORK;
			set_id(&c, "narrow-stack-%s%s", st[i].name,
			       j ? "-vfork" : "");
			run_case(&c);
		}
	}
}

static void gen_flags(void)
{
	static const struct {
		const char *name;
		__u64 flags;
		__u64 es;
	} combos[] = {
		{ "thread", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0 },
		{ "thread-settls", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_SETTLS, 0 },
		{ "thread-sysvsem", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_SYSVSEM | CLONE_FS | CLONE_FILES, 0 },
		{ "thread-es", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 17 },
		{ "thread-nosighand", CLONE_THREAD | CLONE_VM, 0 },
		{ "thread-newpid", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_NEWPID, 0 },
		{ "thread-newuser", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_NEWUSER, 0 },
		{ "thread-autoreap", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_AUTOREAP, 0 },
		{ "thread-nnp", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_NNP, 0 },
		{ "vm-vfork", CLONE_VM | CLONE_VFORK, 17 },
		{ "vm", CLONE_VM, 17 },
		{ "vm-sighand", CLONE_VM | CLONE_SIGHAND, 17 },
		{ "vm-sighand-clear", CLONE_VM | CLONE_SIGHAND |
		  CLONE_CLEAR_SIGHAND, 17 },
		{ "clear-sighand", CLONE_CLEAR_SIGHAND, 17 },
		{ "parent", CLONE_PARENT, 0 },
		{ "parent-es", CLONE_PARENT, 17 },
		{ "parent-autoreap", CLONE_PARENT | CLONE_AUTOREAP, 0 },
		{ "autoreap", CLONE_AUTOREAP, 0 },
		{ "autoreap-es", CLONE_AUTOREAP, 17 },
		{ "autoreap-pidfd", CLONE_AUTOREAP | CLONE_PIDFD, 0 },
		{ "autokill", CLONE_PIDFD_AUTOKILL | CLONE_PIDFD |
		  CLONE_AUTOREAP | CLONE_NNP, 0 },
		{ "autokill-nonnp", CLONE_PIDFD_AUTOKILL | CLONE_PIDFD |
		  CLONE_AUTOREAP, 0 },
		{ "autokill-nopidfd", CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP |
		  CLONE_NNP, 0 },
		{ "autokill-noreap", CLONE_PIDFD_AUTOKILL | CLONE_PIDFD |
		  CLONE_NNP, 0 },
		{ "pidfd-ptid", CLONE_PIDFD | CLONE_PARENT_SETTID, 17 },
		{ "newns-fs", CLONE_NEWNS | CLONE_FS, 17 },
		{ "newuser-fs", CLONE_NEWUSER | CLONE_FS, 17 },
		{ "emptymnt-fs", CLONE_EMPTY_MNTNS | CLONE_FS, 17 },
		{ "emptymnt-newns", CLONE_EMPTY_MNTNS | CLONE_NEWNS, 17 },
		{ "all-ns", CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
		  CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
		  CLONE_NEWTIME, 17 },
		{ "newpid-parent", CLONE_NEWPID | CLONE_PARENT, 0 },
		{ "legacy-all", 0xffffffffULL, 0 },
		{ "known-all", 0x3fffffffffULL, 0 },
		{ "detached-vm", CLONE_DETACHED | CLONE_VM, 17 },
		{ "newtime", CLONE_NEWTIME, 17 },
		{ "newtime-vm", CLONE_NEWTIME | CLONE_VM, 17 },
		{ "io-untraced-ptrace", CLONE_IO | CLONE_UNTRACED |
		  CLONE_PTRACE, 17 },
		{ "settls-kernel", CLONE_SETTLS, 17 },
		{ "cgroup-vfork", CLONE_INTO_CGROUP | CLONE_VFORK | CLONE_VM,
		  17 },
	};
	struct tcase c;
	unsigned int i, es;

	for (es = 0; es < 2; es++) {
		for (i = 0; i < 64; i++) {
			base_case(&c, C3_SIZE_VER2);
			c.a.f[F_FLAGS] = 1ULL << i;
			c.a.f[F_EXIT_SIGNAL] = es ? 0 : SIGCHLD_U64;
			set_id(&c, es ? "flag0-bit-%02u" : "flag-bit-%02u", i);
			run_case(&c);
		}
	}
	for (i = 0; i < ARRAY_SIZE(combos); i++) {
		base_case(&c, C3_SIZE_VER2);
		c.a.f[F_FLAGS] = combos[i].flags;
		c.a.f[F_EXIT_SIGNAL] = combos[i].es;
		if (!strcmp(combos[i].name, "settls-kernel")) {
			c.a.f[F_TLS] = 0xffff888000000000ULL;
			c.wide = 1;
		}
		set_id(&c, "flagc-%s", combos[i].name);
		run_case(&c);
		/* the same at the smallest size */
		c.usize = C3_SIZE_VER0;
		set_id(&c, "flagc-%s-64", combos[i].name);
		run_case(&c);
	}
}

static void gen_signals(void)
{
	static const __u64 edges[] = {
		0, 1, 63, 64, 65, 127, 128, 255, 256, 0x1ff, 0xffff,
		0x7fffffffULL, 0x80000000ULL, 0xffffffffULL, 1ULL << 32,
		(1ULL << 32) | 17, 1ULL << 63, (1ULL << 63) | 17, ~0ULL,
		~C3_CSIGNAL,	/* 255 is CSIGNAL */
	};
	struct tcase c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		base_case(&c, C3_SIZE_VER2);
		c.a.f[F_EXIT_SIGNAL] = edges[i];
		set_id(&c, "esig-0x%llx", (unsigned long long)edges[i]);
		run_case(&c);
		c.a.f[F_FLAGS] = CLONE_PARENT;
		set_id(&c, "esig-0x%llx-parent", (unsigned long long)edges[i]);
		run_case(&c);
		c.a.f[F_FLAGS] = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
		set_id(&c, "esig-0x%llx-thread", (unsigned long long)edges[i]);
		run_case(&c);
	}
	/* every signal number, SIGKILL and SIGSTOP included */
	for (i = 0; i <= 66; i++) {
		base_case(&c, C3_SIZE_VER2);
		c.a.f[F_EXIT_SIGNAL] = i;
		set_id(&c, "esig-%02u", i);
		run_case(&c);
		c.a.f[F_FLAGS] = CLONE_VM | CLONE_VFORK;
		set_id(&c, "esig-%02u-vfork", i);
		run_case(&c);
	}
}

static void gen_settid(void)
{
	static const struct {
		const char *name;
		__s64 v;
	} vals[] = {
		{ "free", TID_FREE }, { "one", 1 }, { "self", TID_SELF },
		{ "zero", 0 }, { "neg", -1 }, { "intmin", INT_MIN },
		{ "intmax", INT_MAX }, { "4m", 4 * 1024 * 1024 },
	};
	struct tcase c;
	unsigned int n, i;

	for (n = 0; n <= 34; n++) {
		for (i = 0; i < ARRAY_SIZE(vals); i++) {
			base_case(&c, C3_SIZE_VER2);
			set_tids(&c, C3_SYM(S_SETTID), n, n, vals[i].v,
				 vals[i].v);
			set_id(&c, "settid-%02u-%s", n, vals[i].name);
			run_case(&c);
			if (n > 3 && n != 32 && n != 33)
				continue;
			c.a.f[F_FLAGS] = CLONE_NEWPID;
			set_tids(&c, C3_SYM(S_SETTID), n, n, 1, vals[i].v);
			set_id(&c, "settid-%02u-%s-newpid", n, vals[i].name);
			run_case(&c);
			/* size 64 and 80 structs: set_tid beyond / inside */
			c.a.f[F_FLAGS] = 0;
			set_tids(&c, C3_SYM(S_SETTID), n, n, vals[i].v,
				 vals[i].v);
			c.usize = C3_SIZE_VER0;
			set_id(&c, "settid-%02u-%s-64", n, vals[i].name);
			run_case(&c);
			c.usize = C3_SIZE_VER1;
			set_id(&c, "settid-%02u-%s-80", n, vals[i].name);
			run_case(&c);
		}
	}
	/* huge sizes */
	{
		static const __u64 huge[] = { 0x100000001ULL, 1ULL << 63,
					      ~0ULL, 0xffffffffULL };

		for (i = 0; i < 4; i++) {
			base_case(&c, C3_SIZE_VER2);
			set_tids(&c, C3_SYM(S_SETTID), huge[i], 1, TID_FREE, 0);
			set_id(&c, "settid-size-0x%llx",
			       (unsigned long long)huge[i]);
			run_case(&c);
		}
	}
	/* arrays whose end touches or crosses unmapped/PROT_NONE memory */
	for (n = 1; n <= 4; n++) {
		for (i = 0; i <= 4 * n + 4; i++) {
			base_case(&c, C3_SIZE_VER2);
			set_tids(&c, C3_SYM_OFF(S_STU_END, i), n, n, TID_FREE,
				 TID_FREE);
			if (n > 1)
				c.a.f[F_FLAGS] = CLONE_NEWPID;
			if (n > 1)
				c.st[0] = 1;
			set_id(&c, "settid-edge-u-%u-%02u", n, i);
			run_case(&c);
			set_tids(&c, C3_SYM_OFF(S_STP_END, i), n, n, TID_FREE,
				 TID_FREE);
			if (n > 1)
				c.st[0] = 1;
			set_id(&c, "settid-edge-p-%u-%02u", n, i);
			run_case(&c);
		}
	}
	/* faulting array with other errors after it in the rule order */
	base_case(&c, C3_SIZE_VER2);
	set_tids(&c, C3_SYM(S_HOLE), 1, 0, 0, 0);
	c.a.f[F_FLAGS] = 1ULL << 45;
	set_id(&c, "settid-fault-unknownflag");
	run_case(&c);
	c.a.f[F_FLAGS] = CLONE_THREAD;
	set_id(&c, "settid-fault-thread");
	run_case(&c);
}

static void gen_cgroup(void)
{
	static const struct {
		const char *name;
		__u64 v;
	} fds[] = {
		{ "good", C3_CG_GOOD }, { "notcg", C3_CG_NOTCG },
		{ "closed", C3_CG_CLOSED }, { "file", C3_CG_FILE },
		{ "zero", 0 }, { "minus1", ~0ULL },
		{ "intmax", INT_MAX }, { "intmax1", (__u64)INT_MAX + 1 },
		{ "uintmax", 0xffffffffULL },
		{ "good-hi", (1ULL << 32) | C3_CG_GOOD },
		{ "deleg", CG_DELEG }, { "foreign", CG_FOREIGN },
	};
	static const unsigned int sz[] = { 64, 80, 87, 88, 89, 96 };
	struct tcase c;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(fds); i++) {
		for (j = 0; j < ARRAY_SIZE(sz); j++) {
			base_case(&c, sz[j]);
			c.a.f[F_FLAGS] = CLONE_INTO_CGROUP;
			c.a.f[F_CGROUP] = fds[i].v;
			set_id(&c, "cgroup-%s-%u", fds[i].name, sz[j]);
			run_case(&c);
			c.a.f[F_FLAGS] = 0;
			set_id(&c, "cgroup-%s-%u-noflag", fds[i].name, sz[j]);
			run_case(&c);
		}
		base_case(&c, C3_SIZE_VER2);
		c.a.f[F_FLAGS] = CLONE_INTO_CGROUP | CLONE_VM | CLONE_VFORK;
		c.a.f[F_CGROUP] = fds[i].v;
		set_id(&c, "cgroup-%s-vfork", fds[i].name);
		run_case(&c);
	}
}

/* Each namespace flag alone and with CLONE_NEWUSER (which grants the rest). */
static void gen_namespaces(void)
{
	static const struct {
		const char *name;
		__u64 flag;
	} ns[] = {
		{ "mnt", CLONE_NEWNS }, { "cgroup", CLONE_NEWCGROUP },
		{ "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC },
		{ "user", CLONE_NEWUSER }, { "pid", CLONE_NEWPID },
		{ "net", CLONE_NEWNET }, { "time", CLONE_NEWTIME },
	};
	struct tcase c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ns); i++) {
		base_case(&c, C3_SIZE_VER2);
		c.a.f[F_FLAGS] = ns[i].flag;
		set_id(&c, "ns-%s", ns[i].name);
		run_case(&c);
		if (ns[i].flag == CLONE_NEWUSER)
			continue;
		c.a.f[F_FLAGS] = ns[i].flag | CLONE_NEWUSER;
		set_id(&c, "ns-%s-user", ns[i].name);
		run_case(&c);
	}
}

/* CLONE_PIDFD and CLONE_PARENT from a thread that is not the group leader. */
static void gen_nonleader(void)
{
	static const struct {
		const char *name;
		__u64 flags;
		__u64 es;
	} combos[] = {
		{ "plain", 0, 17 },
		{ "pidfd", CLONE_PIDFD, 17 },
		{ "parent", CLONE_PARENT, 0 },
		{ "parent-es", CLONE_PARENT, 17 },
		{ "parent-pidfd", CLONE_PARENT | CLONE_PIDFD, 0 },
		{ "thread", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0 },
		{ "thread-pidfd", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_PIDFD, 0 },
		{ "newpid-parent", CLONE_NEWPID | CLONE_PARENT, 0 },
		{ "newuser-pidfd", CLONE_NEWUSER | CLONE_PIDFD, 17 },
	};
	struct tcase c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(combos); i++) {
		base_case(&c, C3_SIZE_VER2);
		c.a.f[F_FLAGS] = combos[i].flags;
		c.a.f[F_EXIT_SIGNAL] = combos[i].es;
		c.nonleader = 1;
		set_id(&c, "nonleader-%s", combos[i].name);
		run_case(&c);
	}
}

static void gen_stacks(void)
{
	static const struct {
		const char *name;
		__u64 stack, size;
		int wide;
	} st[] = {
		{ "none", 0, 0, 0 },
		{ "size-only", 0, 4096, 0 },
		{ "ptr-only", C3_SYM(S_STACK), 0, 0 },
		{ "scratch", C3_SYM(S_STACK), 4096, 0 },
		{ "unmapped", C3_SYM(S_HOLE), 4096, 0 },
		{ "one-one", 1, 1, 0 },
		{ "low", 4096, 4096, 0 },
		{ "size-huge", 4096, 0x7fffffff0000ULL, 1 },
		{ "wrap", 0xfffffffffffff000ULL, 0x2000, 1 },
		{ "wrap-1", 1, ~0ULL, 1 },
		{ "wrap-exact", 0x1000, 0ULL - 0x1000, 1 },
		{ "kdirect", 0xffff888000000000ULL, 0x1000, 1 },
		{ "ktext", 0xffffffff81000000ULL, 0x1000, 1 },
		{ "noncanon", 0x8000000000000000ULL, 0x1000, 1 },
		{ "noncanon-low", 0x0000800000000000ULL, 0x1000, 1 },
		{ "top-page", 0x00007ffffffff000ULL - 0x1000, 0x1000, 1 },
		{ "top-exact", 0x00007fffffffe000ULL, 0x1000, 1 },
		{ "top-over", 0x00007ffffffff000ULL, 0x1000, 1 },
		{ "top-over1", 0x00007fffffffe000ULL, 0x1001, 1 },
		{ "span-canon", 0x00007ffffffff000ULL, 0x800000000000ULL, 1 },
		{ "size-max", 0, ~0ULL, 1 },
		{ "ptr-max", ~0ULL, 1, 1 },
		{ "4g", 0xfffff000ULL, 0x1000, 1 },
		{ "4g-over", 0xfffff000ULL, 0x2000, 1 },
	};
	struct tcase c;
	unsigned int i, v;

	for (i = 0; i < ARRAY_SIZE(st); i++) {
		for (v = 0; v < 3; v++) {
			base_case(&c, C3_SIZE_VER2);
			c.a.f[F_STACK] = st[i].stack;
			c.a.f[F_STACK_SIZE] = st[i].size;
			c.wide = st[i].wide;
			if (v == 1)
				c.a.f[F_FLAGS] = CLONE_VM | CLONE_VFORK;
			if (v == 2) {
				c.a.f[F_FLAGS] = CLONE_VM | CLONE_THREAD |
						 CLONE_SIGHAND;
				c.a.f[F_EXIT_SIGNAL] = 0;
			}
			set_id(&c, "stack-%s%s", st[i].name,
			       v == 1 ? "-vfork" : v == 2 ? "-thread" : "");
			run_case(&c);
		}
		base_case(&c, C3_SIZE_VER0);
		c.a.f[F_STACK] = st[i].stack;
		c.a.f[F_STACK_SIZE] = st[i].size;
		c.wide = st[i].wide;
		set_id(&c, "stack-%s-64", st[i].name);
		run_case(&c);
	}
}

/*
 * Random mixtures. Each case has its own PRNG state from (seed, index), so
 * a case does not depend on the cases before it. Most cases are broken on
 * purpose (successes cost a fork and a wait).
 */
static const __u64 rnd_flags[] = {
	CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_PIDFD,
	CLONE_PTRACE, CLONE_VFORK, CLONE_PARENT, CLONE_THREAD, CLONE_NEWNS,
	CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID,
	CLONE_UNTRACED, CLONE_CHILD_SETTID, CLONE_NEWCGROUP, CLONE_NEWUTS,
	CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_IO, CLONE_NEWTIME,
	CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP, CLONE_AUTOREAP, CLONE_NNP,
	CLONE_PIDFD_AUTOKILL, CLONE_EMPTY_MNTNS, CLONE_DETACHED, CLONE_NEWNET,
};

#define NR_RND_FLAGS ((int)(ARRAY_SIZE(rnd_flags)))

static __u64 rnd_pick(__u64 *s, const __u64 *v, unsigned int n)
{
	return v[c3_below(s, n)];
}

static __u64 rnd_size(__u64 *s)
{
	static const __u64 edge[] = {
		0, 1, 8, 63, 64, 65, 72, 79, 80, 81, 87, 88, 89, 96, 128,
		4095, 4096, 4097, 0x100000040ULL, ~0ULL, 1ULL << 63,
	};
	__u64 r = c3_below(s, 100);

	if (r < 35)
		return C3_SIZE_VER2;
	if (r < 45)
		return C3_SIZE_VER0;
	if (r < 55)
		return C3_SIZE_VER1;
	if (r < 75) {
		__u64 v = rnd_pick(s, edge, ARRAY_SIZE(edge));

		if (v == 4095 || v == 4096 || v == 4097)
			v = v - 4096 + ps;
		return v;
	}
	if (r < 95)
		return 89 + c3_below(s, ps - 88);
	return c3_rnd(s);
}

static __u64 rnd_ptr(__u64 *s, __u64 good)
{
	if (c3_below(s, 10) < 8)
		return good;
	return bad_ptrs[c3_below(s, NR_BAD)];
}

static void gen_random(void)
{
	static const __u64 es_edge[] = {
		0, 1, 9, 19, 63, 64, 65, 255, 256, 1ULL << 32, 1ULL << 63,
		C3_CSIGNAL, 35, 17 | (1ULL << 40),
	};
	static const __u64 cg_vals[] = {
		C3_CG_GOOD, C3_CG_NOTCG, C3_CG_CLOSED, C3_CG_FILE, ~0ULL,
		(__u64)INT_MAX + 1, 0,
	};
	static const __u64 stk[][2] = {
		{ C3_SYM(S_STACK), 4096 }, { 0, 4096 }, { C3_SYM(S_STACK), 0 },
		{ 0xfffffffffffff000ULL, 0x2000 }, { C3_SYM(S_HOLE), 1 },
		{ 0xffff888000000000ULL, 0x1000 }, { 1, ~0ULL },
	};
	unsigned long long idx = 0;
	struct tcase c;
	__u64 s, r;
	int i, n;

	while (n_cases < opt_count) {
		s = c3_mix(opt_seed * 0x100000001ULL + idx);
		base_case(&c, rnd_size(&s));
		/* flags: a few known ones, sometimes an unknown bit */
		n = c3_below(&s, 4);
		for (i = 0; i < n; i++)
			c.a.f[F_FLAGS] |= rnd_pick(&s, rnd_flags, NR_RND_FLAGS);
		if (c3_below(&s, 10) < 2)
			c.a.f[F_FLAGS] |= 1ULL << c3_below(&s, 64);
		r = c3_below(&s, 100);
		if (r < 20)
			c.a.f[F_EXIT_SIGNAL] = 0;
		else if (r < 35)
			c.a.f[F_EXIT_SIGNAL] =
				rnd_pick(&s, es_edge, ARRAY_SIZE(es_edge));
		else if (r < 40)
			c.a.f[F_EXIT_SIGNAL] = c3_below(&s, 70);
		c.a.f[F_PIDFD] = rnd_ptr(&s, C3_SYM(S_PIDFD));
		c.a.f[F_CHILD_TID] = rnd_ptr(&s, C3_SYM(S_CTID));
		c.a.f[F_PARENT_TID] = rnd_ptr(&s, C3_SYM(S_PTID));
		if (c3_below(&s, 10) == 0)
			c.a.f[F_TLS] = c3_rnd(&s);
		if (c3_below(&s, 10) < 2) {
			r = c3_below(&s, ARRAY_SIZE(stk));
			c.a.f[F_STACK] = stk[r][0];
			c.a.f[F_STACK_SIZE] = stk[r][1];
		}
		if (c3_below(&s, 10) < 2) {
			__u64 sz = c3_below(&s, 36);

			n = sz > 34 ? 1 : (int)sz;
			if (sz == 35)
				sz = c3_rnd(&s);
			set_tids(&c, rnd_ptr(&s, C3_SYM(S_SETTID)), sz, n,
				 c3_below(&s, 2) ? TID_FREE : TID_SELF,
				 c3_below(&s, 2) ? TID_FREE : 1);
		}
		if ((c.a.f[F_FLAGS] & CLONE_INTO_CGROUP) ||
		    c3_below(&s, 10) == 0)
			c.a.f[F_CGROUP] =
				rnd_pick(&s, cg_vals, ARRAY_SIZE(cg_vals));
		/* tail bytes */
		if (c.usize > 88 && c.usize <= ps && c3_below(&s, 2)) {
			n = 1 + c3_below(&s, 3);
			for (i = 0; i < n; i++)
				add_tail(&c, 88 + c3_below(&s, c.usize - 80),
					 1 + c3_below(&s, 255));
		}
		/* placement */
		r = c3_below(&s, 100);
		if (r < 8) {
			c.place = P_REGION;
			c.region = c3_below(&s, R_NR);
			if (c.region == R_EU || c.region == R_EP)
				c.delta = (long)c3_below(&s, 33) - 16;
			else
				c.delta = -(long)c3_below(&s, 100) + 4;
		} else if (r < 12) {
			c.place = P_RAW;
			c.raw = bad_ptrs[c3_below(&s, NR_BAD)];
		} else if (r < 20) {
			c.delta = c3_below(&s, 8);
		}
		/* most cases: one more rule broken on purpose */
		if (c3_below(&s, 100) < 95)
			breakers[c3_below(&s, NR_BREAKERS)].apply(&c);
		set_id(&c, "rand-%06llu", idx);
		idx++;
		run_case(&c);
	}
}

/*
 * The legacy calls. clone() takes the exit signal in the CSIGNAL byte of
 * the flags and ignores their upper 32 bits; CLONE_PIDFD returns the pidfd
 * through parent_tid.
 */
#define L_KPTR		0xffff888000000000ULL
#define L_LOW_FLAGS	0xffffff00ULL

/* One legacy call, @n as in fault_result(); return whether to go on. */
static bool run_legacy_once(const char *id, const struct c3_legacy *l,
			    __u64 kflags, __u64 esig, unsigned int n)
{
	int *slot = l->ptid == c3_ptr(c3_scratch_int(SCR_PTID)) ?
		    c3_scratch_int(SCR_PTID) : NULL;
	int injected;
	long ret;

	*c3_scratch_int(SCR_PTID) = -1;
	*c3_scratch_int(SCR_CTID) = -1;
	ret = call_one(0, 0, l, kflags, esig, slot, n, &injected);
	if (ret > 0)
		n_ok++;
	*c3_scratch_int(SCR_PTID) = 0;
	*c3_scratch_int(SCR_CTID) = 0;
	return fault_result(id, n, ret, injected);
}

static void run_legacy(const char *id, long nr, __u64 flags, __u64 newsp,
		       __u64 ptid, __u64 ctid, __u64 tls, int wide)
{
	struct c3_legacy l = { nr, flags, c3_resolve(newsp), c3_resolve(ptid),
			       c3_resolve(ctid), c3_resolve(tls) };
	unsigned int n;
	int run;
	__u64 kflags, esig;

	if (n_cases >= opt_count)
		return;
	if ((opt_compat32 || C3_WORD32) && wide)
		return;
	/* fork() and vfork(): no flag matters for reaping */
	kflags = nr == __NR_clone ? flags & L_LOW_FLAGS : 0;
	esig = nr == __NR_clone ? flags & C3_CSIGNAL : SIGCHLD;
	/* as in run_case() */
	if (C3_FAULTS && (esig == SIGKILL || kflags & CLONE_NEWNET))
		return;
	n_cases++;
	if (!C3_FAULTS) {
		run_legacy_once(id, &l, kflags, esig, 0);
		return;
	}
	for (run = 0;; run++) {
		fault_run_start(run);
		n = 0;
		while (run_legacy_once(id, &l, kflags, esig, ++n))
			;
		if (fault_run_done(id, run))
			break;
	}
}

static void legacy_clone(const char *id, __u64 flags, __u64 ptid, __u64 ctid,
			 __u64 tls, int wide)
{
	run_legacy(id, __NR_clone, flags, 0, ptid, ctid, tls, wide);
}

static void gen_legacy(void)
{
	static const __u64 es_bits[] = { SIGCHLD, 0, 64 };
	static const __u64 esigs[] = { 127, 128, 255 };
	static const struct {
		const char *name;
		__u64 v;
		int wide;
	} ptrs[] = {
		{ "valid", C3_SYM(S_CTID), 0 },
		{ "null", 0, 0 },
		{ "hole", C3_SYM(S_HOLE), 0 },
		{ "protnone", C3_SYM(S_PROTNONE), 0 },
		{ "kaddr", L_KPTR, 1 },
	};
	static const struct {
		const char *name;
		__u64 flags;
		__u64 tls;
		int wide;
	} combos[] = {
		{ "settls-0", CLONE_SETTLS, 0, 0 },
		{ "settls-addr", CLONE_SETTLS, C3_SYM(S_STACK), 0 },
		{ "settls-kaddr", CLONE_SETTLS, L_KPTR, 1 },
		{ "settls-ones", CLONE_SETTLS, ~0ULL, 1 },
		{ "thread-novm", CLONE_THREAD, 0, 0 },
		{ "thread-sighand-novm", CLONE_THREAD | CLONE_SIGHAND, 0, 0 },
		{ "thread-vm-nosighand", CLONE_THREAD | CLONE_VM, 0, 0 },
		{ "thread", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, 0, 0 },
		{ "thread-settls", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_SETTLS, 0, 0 },
		{ "thread-pidfd", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_PIDFD, 0, 0 },
		{ "thread-newpid", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_NEWPID, 0, 0 },
		{ "thread-newuser", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_NEWUSER, 0, 0 },
		{ "thread-parent", CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
		  CLONE_PARENT, 0, 0 },
		{ "sighand-novm", CLONE_SIGHAND, 0, 0 },
		{ "vm-sighand", CLONE_VM | CLONE_SIGHAND, 0, 0 },
		{ "vm-vfork", CLONE_VM | CLONE_VFORK, 0, 0 },
		{ "vfork-novm", CLONE_VFORK, 0, 0 },
		{ "vm-cleartid", CLONE_VM | CLONE_CHILD_CLEARTID, 0, 0 },
		{ "pidfd", CLONE_PIDFD, 0, 0 },
		{ "pidfd-parent-settid", CLONE_PIDFD | CLONE_PARENT_SETTID, 0, 0 },
		{ "pidfd-detached", CLONE_PIDFD | CLONE_DETACHED, 0, 0 },
		{ "pidfd-vfork", CLONE_PIDFD | CLONE_VM | CLONE_VFORK, 0, 0 },
		{ "detached", CLONE_DETACHED, 0, 0 },
		{ "parent", CLONE_PARENT, 0, 0 },
		{ "newtime", CLONE_NEWTIME, 0, 0 },
		{ "newns-fs", CLONE_NEWNS | CLONE_FS, 0, 0 },
		{ "newuser-fs", CLONE_NEWUSER | CLONE_FS, 0, 0 },
		{ "newpid-parent", CLONE_NEWPID | CLONE_PARENT, 0, 0 },
		{ "newall", CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
		  CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
		  CLONE_NEWCGROUP, 0, 0 },
		{ "clear-sighand", CLONE_CLEAR_SIGHAND, 0, 1 },
		{ "into-cgroup", CLONE_INTO_CGROUP, 0, 1 },
		{ "hi-ones", 0xffffffff00000000ULL, 0, 1 },
		{ "hi-ones-thread-novm", 0xffffffff00000000ULL | CLONE_THREAD, 0,
		  1 },
		{ "all-ones", ~0ULL & ~C3_CSIGNAL, 0, 1 },
		{ "low-ones", L_LOW_FLAGS, 0, 0 },
	};
	char id[64];
	unsigned int b, i, j;

	/* every bit of the 64-bit flags alone, with three exit signals */
	for (b = 0; b < 64; b++)
		for (i = 0; i < ARRAY_SIZE(es_bits); i++) {
			snprintf(id, sizeof(id), i ? "legacy-clone-bit-%02u-es%llu" :
				 "legacy-clone-bit-%02u", b,
				 (unsigned long long)es_bits[i]);
			legacy_clone(id, (1ULL << b) | es_bits[i],
				     C3_SYM(S_PTID), C3_SYM(S_CTID), 0, b >= 32);
		}
	/* exit signals: every signal number, SIGKILL and SIGSTOP included */
	for (i = 0; i <= 65 + ARRAY_SIZE(esigs); i++) {
		__u64 es = i <= 65 ? i : esigs[i - 66];

		snprintf(id, sizeof(id), "legacy-clone-es-%llu",
			 (unsigned long long)es);
		legacy_clone(id, es, C3_SYM(S_PTID), C3_SYM(S_CTID), 0, 0);
		snprintf(id, sizeof(id), "legacy-clone-es-%llu-vfork",
			 (unsigned long long)es);
		legacy_clone(id, es | CLONE_VM | CLONE_VFORK, C3_SYM(S_PTID),
			     C3_SYM(S_CTID), 0, 0);
	}
	/* tid pointers: valid, NULL, unmapped, PROT_NONE, kernel */
	for (i = 0; i < ARRAY_SIZE(ptrs); i++) {
		__u64 p = ptrs[i].v;
		__u64 pt = p == C3_SYM(S_CTID) ? C3_SYM(S_PTID) : p;

		snprintf(id, sizeof(id), "legacy-clone-pidfd-ptr-%s",
			 ptrs[i].name);
		legacy_clone(id, CLONE_PIDFD | SIGCHLD, pt, 0, 0, ptrs[i].wide);
		snprintf(id, sizeof(id), "legacy-clone-parent-settid-%s",
			 ptrs[i].name);
		legacy_clone(id, CLONE_PARENT_SETTID | SIGCHLD, pt, 0, 0,
			     ptrs[i].wide);
		snprintf(id, sizeof(id), "legacy-clone-child-settid-%s",
			 ptrs[i].name);
		legacy_clone(id, CLONE_CHILD_SETTID | SIGCHLD, 0, p, 0,
			     ptrs[i].wide);
		snprintf(id, sizeof(id), "legacy-clone-child-cleartid-%s",
			 ptrs[i].name);
		legacy_clone(id, CLONE_CHILD_CLEARTID | SIGCHLD, 0, p, 0,
			     ptrs[i].wide);
	}
	/* combinations, with exit signal SIGCHLD and 0 */
	for (i = 0; i < ARRAY_SIZE(combos); i++)
		for (j = 0; j < 2; j++) {
			snprintf(id, sizeof(id), j ? "legacy-clone-%s-es0" :
				 "legacy-clone-%s", combos[i].name);
			legacy_clone(id, combos[i].flags | (j ? 0 : SIGCHLD),
				     C3_SYM(S_PTID), C3_SYM(S_CTID),
				     combos[i].tls, combos[i].wide);
		}
	/* a new stack: never used by the child, only set */
	run_legacy("legacy-clone-vm-vfork-stack", __NR_clone,
		   CLONE_VM | CLONE_VFORK | SIGCHLD, C3_SYM(S_STACK), 0, 0, 0, 0);
	run_legacy("legacy-clone-stack", __NR_clone, SIGCHLD, C3_SYM(S_STACK),
		   0, 0, 0, 0);
#if C3_HAVE_FORK
	run_legacy("legacy-fork", __NR_fork, 0, 0, 0, 0, 0, 0);
	run_legacy("legacy-vfork", __NR_vfork, 0, 0, 0, 0, 0, 0);
#else
	run_legacy("legacy-fork-as-clone", __NR_clone, SIGCHLD, 0, 0, 0, 0, 0);
	run_legacy("legacy-vfork-as-clone", __NR_clone,
		   CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0, 0);
#endif
}

/*
 * A task that stays in cgroup @dir, one of CLONE_INTO_CGROUP, for the whole
 * run, so that the css_set of the children there always exists already:
 * whether it has to be allocated would otherwise depend on how soon the
 * previous child was freed, and so would the number of injection points.
 */
static pid_t keep_cgroup(const char *dir)
{
	char path[300], pid[16];
	int p[2], fd, len;
	pid_t child;

	if (pipe(p))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
		len = snprintf(pid, sizeof(pid), "%d", getpid());
		fd = open(path, O_WRONLY);
		if (fd < 0 || write(fd, pid, len) != len)
			_exit(1);
		close(p[0]);
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	/* EOF once the keeper is in the cgroup (or gone) */
	if (read(p[0], pid, 1) < 0)
		die("read");
	close(p[0]);
	return child;
}

static char deleg_path[300], foreign_path[300];

/* mkdir @path owned by @uid, with the files a delegation hands over. */
static void cg_delegate(const char *path, uid_t uid)
{
	static const char * const files[] = {
		"cgroup.procs", "cgroup.threads", "cgroup.subtree_control",
	};
	char file[400];
	unsigned int i;

	mkdir(path, 0755);
	if (chown(path, uid, uid))
		die("chown of a delegated cgroup");
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(file, sizeof(file), "%s/%s", path, files[i]);
		if (chown(file, uid, uid))
			die("chown of a delegated cgroup");
	}
}

static void cg_open(const char *path, int fd)
{
	int o = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (o < 0 || dup3(o, fd, O_CLOEXEC) != fd)
		die("open of a delegated cgroup");
	close(o);
}

/* As root (the cases of CG_DELEG and CG_FOREIGN fail EBADF otherwise). */
static void deleg_setup(void)
{
	char path[400];

	if (geteuid())
		return;
	snprintf(deleg_path, sizeof(deleg_path), "%s-deleg", c3_cg_path);
	snprintf(foreign_path, sizeof(foreign_path), "%s-foreign", c3_cg_path);
	cg_delegate(deleg_path, NOBODY);
	snprintf(path, sizeof(path), "%s/self", deleg_path);
	cg_delegate(path, NOBODY);
	snprintf(path, sizeof(path), "%s/other", deleg_path);
	cg_delegate(path, NOBODY);
	cg_open(path, CG_DELEG);
	cg_delegate(foreign_path, OTHER_USER);
	cg_open(foreign_path, CG_FOREIGN);
}

static void deleg_cleanup(void)
{
	char path[400];

	close(CG_DELEG);
	close(CG_FOREIGN);
	/* As root; NOBODY cannot remove the cgroups of root's delegation. */
	if (!deleg_path[0] || geteuid())
		return;
	snprintf(path, sizeof(path), "%s/other", deleg_path);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/self", deleg_path);
	rmdir(path);
	rmdir(deleg_path);
	rmdir(foreign_path);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die(path);
	close(fd);
}

/*
 * become - run the cases as @as: NOBODY in its delegated cgroup, without
 * capabilities (setresuid() from root clears them), and for AS_USERNS as
 * root of a new user namespace, in a new PID namespace. There the caller
 * forks, and its child, PID 1 of the namespace, goes on (c3_supervise()
 * makes it the reaper, and the worker PID 2); the caller exits with its
 * status.
 */
static void become(int as)
{
	char map[32], procs[400];
	int status;
	pid_t pid;

	if (!cg_ok || !deleg_path[0])
		die("--as needs root and cgroup2");
	snprintf(procs, sizeof(procs), "%s/self/cgroup.procs", deleg_path);
	write_file(procs, "0");
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		die("dropping to uid 65534");
	/* a process exec'd by the user would be dumpable: /proc/self is its own */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	if (as == AS_USER)
		return;
	if (unshare(CLONE_NEWUSER))
		die("unshare(CLONE_NEWUSER)");
	snprintf(map, sizeof(map), "0 %d 1", NOBODY);
	write_file("/proc/self/setgroups", "deny");
	write_file("/proc/self/uid_map", map);
	write_file("/proc/self/gid_map", map);
	if (unshare(CLONE_NEWPID))
		die("unshare(CLONE_NEWPID)");
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		return;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static void help(void)
{
	fprintf(stderr,
		"usage: " PROG
		" [--seed N] [--count N] [--compat32-safe] [--as root|user|userns]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'c' },
		{ "compat32-safe", no_argument, NULL, '3' },
		{ "as", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char outbuf[1 << 16];
	pid_t keeper[4] = { 0 };
	char path[400];
	unsigned int i;
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			opt_seed = strtoull(optarg, NULL, 0);
			break;
		case 'c':
			opt_count = strtoull(optarg, NULL, 0);
			break;
		case '3':
			opt_compat32 = 1;
			break;
		case 'a':
			if (!strcmp(optarg, "user"))
				opt_as = AS_USER;
			else if (!strcmp(optarg, "userns"))
				opt_as = AS_USERNS;
			else if (strcmp(optarg, "root"))
				help();
			break;
		default:
			help();
		}
	}
	if (optind != argc)
		help();

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	if (C3_FAULTS) {
		/* per-CPU state (e.g. the pid IDR's preloads) stays one CPU's */
		cpu_set_t cpu0;

		CPU_ZERO(&cpu0);
		CPU_SET(0, &cpu0);
		if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
			die("sched_setaffinity");
	}
	/* The cgroups as root, then who the cases run as. */
	cg_ok = c3_cgroup_setup(PROG);
	if (!cg_ok)
		fprintf(stderr, "# " PROG ": no cgroup2, cgroup cases will fail\n");
	else
		deleg_setup();
	if (opt_as != AS_ROOT)
		become(opt_as);
	c3_supervise();

	if (c3_mem_init())
		die("mmap");
	ps = c3m.ps;
	img = calloc(1, 2 * ps + 128);
	if (!img)
		die("calloc");
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	if (C3_FAULTS && c3_fail_open() < 0)
		die("/proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)");
	if (C3_FAULTS && cg_ok)
		keeper[0] = keep_cgroup(c3_cg_path);
	if (C3_FAULTS && deleg_path[0]) {
		snprintf(path, sizeof(path), "%s/other", deleg_path);
		keeper[1] = keep_cgroup(path);
		keeper[2] = keep_cgroup(foreign_path);
	}
	if (C3_FAULTS)
		keeper[3] = c3_fail_pid_pin();

	/*
	 * Where permissions decide, the cases whose results can depend on
	 * them come first: not the struct's size, tail, placement, pointers
	 * and stacks.
	 */
	if (opt_as == AS_ROOT) {
		gen_rules();
		gen_sizes();
		gen_tails();
		gen_edges();
		gen_pointers();
		gen_narrow();
	}
	gen_flags();
	gen_signals();
	gen_settid();
	gen_cgroup();
	gen_namespaces();
	gen_nonleader();
	if (opt_as == AS_ROOT)
		gen_stacks();
	gen_legacy();
	if (!C3_FAULTS)
		gen_random();

	for (i = 0; i < ARRAY_SIZE(keeper); i++) {
		if (keeper[i] > 0) {
			kill(keeper[i], SIGKILL);
			waitpid(keeper[i], NULL, 0);
		}
	}
	c3_drain();
	c3_cgroup_cleanup();
	deleg_cleanup();
	if (C3_FAULTS)
		printf("# faults: %llu cases, %llu injection points, %llu unstable\n",
		       n_cases, n_points, n_unstable);
	else
		printf("# corpus: %llu cases\n", n_cases);
	fflush(stdout);
	fprintf(stderr, "# " PROG ": seed %llu, %llu successes%s\n",
		opt_seed, n_ok, c3m.fixed ? "" : ", area not at its fixed address");
	return 0;
}
