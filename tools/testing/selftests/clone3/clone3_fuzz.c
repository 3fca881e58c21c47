// SPDX-License-Identifier: GPL-2.0
/*
 * clone3_fuzz - random clone3() calls
 *
 * Usage: clone3_fuzz [--seed N] [--calls N]
 *
 * Random sizes (weighted to the edges), struct pointers (including kernel,
 * non-canonical, NULL, unmapped and PROT_NONE addresses, and structs that
 * cross into unmapped or PROT_NONE memory), flags (weighted to the
 * interesting bits), exit signals, tails, set_tid arrays, cgroups and
 * stacks. Every child exits at once without touching memory; no exit
 * signal a child sends can kill or stop this program.
 *
 * Prints a progress line every 100000 calls, a digest of the sequence of
 * results (equal for two kernels that agree on every call) and
 * "# fuzz: N calls, S successes". Exits 0 when all calls were made.
 */

#include "clone3_stress.h"

#include <getopt.h>

static unsigned long long opt_seed = 1, opt_calls = 1000000;
static unsigned long ps;
static unsigned char *img;
static int free_pid;

static const __u64 interesting_flags[] = {
	CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_PIDFD,
	CLONE_PTRACE, CLONE_VFORK, CLONE_PARENT, CLONE_THREAD, CLONE_NEWNS,
	CLONE_SYSVSEM, CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_CLEARTID,
	CLONE_DETACHED, CLONE_UNTRACED, CLONE_CHILD_SETTID, CLONE_NEWCGROUP,
	CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
	CLONE_IO, CLONE_NEWTIME, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP,
	CLONE_AUTOREAP, CLONE_NNP, CLONE_PIDFD_AUTOKILL, CLONE_EMPTY_MNTNS,
	0x01, 0x7f, 1ULL << 38, 1ULL << 63,
};

static const __u64 bad_ptrs[] = {
	0, 1, 8, 0xfff, 0xffff888000000000ULL, 0xffffffff81000000ULL,
	0x8000000000000000ULL, 0x00007ffffffff000ULL, 0x00007fffffffeff8ULL,
	0x0000800000000000ULL, ~0ULL, ~7ULL, C3_SYM(S_HOLE),
	C3_SYM(S_PROTNONE), C3_SYM_OFF(S_HOLE, 4088),
	C3_SYM_OFF(S_PROTNONE, 1),
};

static __u64 pick(__u64 *s, const __u64 *v, unsigned long n)
{
	return v[c3_below(s, n)];
}

static __u64 fz_size(__u64 *s)
{
	static const __u64 edge[] = {
		0, 1, 7, 8, 56, 63, 64, 65, 71, 72, 79, 80, 81, 87, 88, 89,
		95, 96, 120, 128, 0x7fffffffULL, 0x80000000ULL, 0xffffffffULL,
		0x100000000ULL, 0x100000040ULL, 0x100000058ULL, 1ULL << 63,
		~0ULL, ~0ULL - 87,
	};
	__u64 r = c3_below(s, 100);

	if (r < 30)
		return C3_SIZE_VER2;
	if (r < 38)
		return C3_SIZE_VER0;
	if (r < 46)
		return C3_SIZE_VER1;
	if (r < 70)
		return pick(s, edge, ARRAY_SIZE(edge));
	if (r < 76)
		return ps - 1 + c3_below(s, 3);
	if (r < 95)
		return 89 + c3_below(s, ps);
	return c3_rnd(s);
}

static __u64 fz_ptr(__u64 *s, __u64 good, unsigned int bad_pct)
{
	__u64 r = c3_below(s, 100);

	if (r >= bad_pct)
		return good;
	/* random addresses: above 4 GiB for a 32-bit build, to miss us */
	if (r < bad_pct / 4)
		return c3_rnd(s) | (C3_WORD32 ? 1ULL << 32 : 0);
	return pick(s, bad_ptrs, ARRAY_SIZE(bad_ptrs));
}

static __u64 fz_flags(__u64 *s)
{
	__u64 r = c3_below(s, 100), f = 0;
	int i, n;

	if (r < 10)
		return 0;
	if (r < 15)
		return c3_rnd(s);
	if (r < 25)
		return 1ULL << c3_below(s, 64);
	n = 1 + c3_below(s, 4);
	for (i = 0; i < n; i++)
		f |= pick(s, interesting_flags, ARRAY_SIZE(interesting_flags));
	/* keep the valid thread and sighand combinations frequent */
	if ((f & CLONE_THREAD) && c3_below(s, 2))
		f |= CLONE_SIGHAND | CLONE_VM;
	if ((f & CLONE_SIGHAND) && c3_below(s, 2))
		f |= CLONE_VM;
	return f;
}

static __u64 fz_signal(__u64 *s)
{
	static const __u64 edge[] = {
		1, 9, 19, 31, 32, 33, 34, 63, 64, 65, 127, 128, 255, 256,
		0x1ff, 1ULL << 32, (1ULL << 32) | 17, 1ULL << 63, ~0ULL,
		0xffffffffULL, 0x80000011ULL,
	};
	__u64 r = c3_below(s, 100);

	if (r < 45)
		return SIGCHLD;
	if (r < 70)
		return 0;
	if (r < 85)
		return pick(s, edge, ARRAY_SIZE(edge));
	if (r < 95)
		return c3_below(s, 68);
	return c3_rnd(s);
}

static int fz_tid(__u64 *s)
{
	switch (c3_below(s, 8)) {
	case 0: return 1;
	case 1: return getpid();
	case 2: return -(int)c3_below(s, 3);
	case 3: return (int)c3_rnd(s);
	case 4: return INT_MAX;
	default:
		if (!free_pid)
			free_pid = c3_free_pid();
		return free_pid;
	}
}

/* One call. Returns the kernel's result (1 for a success). */
static long fz_call(__u64 *s)
{
	static const __u64 stacks[][2] = {
		{ C3_SYM(S_STACK), 4096 }, { 0, 4096 }, { C3_SYM(S_STACK), 0 },
		{ 0xfffffffffffff000ULL, 0x2000 }, { C3_SYM(S_HOLE), 1 },
		{ 0xffff888000000000ULL, 0x1000 }, { 1, ~0ULL },
		{ 0x00007fffffffe000ULL, 0x1000 }, { 0x00007fffffffe000ULL, 0x2001 },
	};
	static const __u64 cgroups[] = {
		C3_CG_GOOD, C3_CG_NOTCG, C3_CG_CLOSED, C3_CG_FILE, 0, ~0ULL,
		INT_MAX, (__u64)INT_MAX + 1, (1ULL << 32) | C3_CG_GOOD,
	};
	struct c3_args a, view;
	__u64 usize, addr, st_addr = 0, r;
	unsigned long len, stlen = 0, span;
	int st[40], nst = 0, i, n, raw = 0;
	long ret;

	memset(&a, 0, sizeof(a));
	usize = fz_size(s);
	a.f[F_FLAGS] = fz_flags(s);
	a.f[F_EXIT_SIGNAL] = fz_signal(s);
	a.f[F_PIDFD] = fz_ptr(s, C3_SYM(S_PIDFD), 15);
	a.f[F_CHILD_TID] = fz_ptr(s, C3_SYM(S_CTID), 15);
	a.f[F_PARENT_TID] = fz_ptr(s, C3_SYM(S_PTID), 15);
	if (c3_below(s, 5) == 0)
		a.f[F_TLS] = c3_below(s, 2) ? c3_rnd(s) : C3_SYM(S_STACK);
	if (c3_below(s, 5) == 0) {
		r = c3_below(s, ARRAY_SIZE(stacks) + 1);
		if (r == ARRAY_SIZE(stacks)) {
			a.f[F_STACK] = c3_rnd(s);
			a.f[F_STACK_SIZE] = c3_rnd(s) >> c3_below(s, 64);
		} else {
			a.f[F_STACK] = stacks[r][0];
			a.f[F_STACK_SIZE] = stacks[r][1];
		}
	}
	if (c3_below(s, 5) == 0) {
		r = c3_below(s, 40);
		a.f[F_SET_TID_SIZE] = r < 36 ? r : c3_rnd(s);
		nst = r < 36 ? (int)r : 2;
		switch (c3_below(s, 6)) {
		case 0:
			a.f[F_SET_TID] = 0;
			break;
		case 1:
			a.f[F_SET_TID] = C3_SYM_OFF(S_STU_END,
						    c3_below(s, 4 * nst + 8));
			break;
		case 2:
			a.f[F_SET_TID] = C3_SYM_OFF(S_STP_END,
						    c3_below(s, 4 * nst + 8));
			break;
		case 3:
			a.f[F_SET_TID] = pick(s, bad_ptrs, ARRAY_SIZE(bad_ptrs));
			break;
		default:
			a.f[F_SET_TID] = C3_SYM(S_SETTID);
		}
		if (nst > 40)
			nst = 40;
		for (i = 0; i < nst; i++)
			st[i] = fz_tid(s);
		if (nst >= 2 && c3_below(s, 2)) {
			st[0] = 1;
			a.f[F_FLAGS] |= CLONE_NEWPID;
		}
	}
	if ((a.f[F_FLAGS] & CLONE_INTO_CGROUP) || c3_below(s, 10) == 0)
		a.f[F_CGROUP] = c3_below(s, 10) ? pick(s, cgroups,
						       ARRAY_SIZE(cgroups)) :
						  c3_rnd(s);

	/*
	 * Most calls get one more rule broken, so that successes, which
	 * cost a fork and a wait, stay around one call in fifty.
	 */
	if (c3_below(s, 100) < 88) {
		switch (c3_below(s, 8)) {
		case 0:
		case 1:
			a.f[F_FLAGS] |= 1ULL << (38 + c3_below(s, 26));
			break;
		case 2:
			a.f[F_FLAGS] |= 1ULL << c3_below(s, 7);
			break;
		case 3:
			a.f[F_FLAGS] |= CLONE_DETACHED;
			break;
		case 4:
			a.f[F_EXIT_SIGNAL] |= 1ULL << (8 + c3_below(s, 56));
			break;
		case 5:
			a.f[F_EXIT_SIGNAL] = 65 + c3_below(s, 191);
			break;
		case 6:
			a.f[F_SET_TID_SIZE] = 33 + c3_below(s, 3);
			break;
		default:
			a.f[F_STACK] = 0;
			a.f[F_STACK_SIZE] = 1 + c3_below(s, 8192);
		}
	}

	/* the image: fields, then a random tail */
	len = usize <= 2 * ps ? usize : C3_SIZE_VER2;
	if (len < C3_SIZE_VER2)
		len = C3_SIZE_VER2;
	for (i = 0; i < F_NR; i++) {
		__u64 v = c3_resolve(a.f[i]);

		memcpy(img + 8 * i, &v, 8);
	}
	memset(img + C3_SIZE_VER2, 0, len - C3_SIZE_VER2);
	if (len > C3_SIZE_VER2 && c3_below(s, 2)) {
		n = 1 + c3_below(s, 3);
		for (i = 0; i < n; i++)
			img[C3_SIZE_VER2 + c3_below(s, len - C3_SIZE_VER2)] =
				c3_rnd(s) | 1;
	}

	/* where the struct is */
	span = usize <= 2 * ps ? usize : C3_SIZE_VER2;
	r = c3_below(s, 100);
	if (r < 70) {
		addr = c3_ptr(c3_page(PG_NORMAL)) +
		       (c3_below(s, 4) ? 0 : c3_below(s, 8));
	} else if (r < 85) {
		int reg = c3_below(s, R_NR);
		long d;

		if (reg == R_EU || reg == R_EP) {
			d = (long)c3_below(s, 41) - 24;
			addr = c3_ptr(c3_boundary(reg)) + d - span;
		} else {
			d = -(long)c3_below(s, 104) + 8;
			addr = c3_ptr(c3_boundary(reg)) + d;
		}
	} else {
		raw = 1;
		addr = c3_resolve(c3_below(s, 5) ? pick(s, bad_ptrs,
							ARRAY_SIZE(bad_ptrs)) :
						   c3_rnd(s));
	}
	if (!raw)
		c3_poke(addr, img, len);
	if (nst && a.f[F_SET_TID]) {
		st_addr = c3_resolve(a.f[F_SET_TID]);
		stlen = nst * sizeof(int);
		c3_poke(st_addr, st, stlen);
	}
	*c3_scratch_int(SCR_PIDFD) = -1;

	memset(&view, 0, sizeof(view));
	if (!raw)
		memcpy(&view, img, usize < C3_SIZE_VER2 ? usize : C3_SIZE_VER2);

	if (view.f[F_EXIT_SIGNAL] == SIGKILL ||
	    view.f[F_EXIT_SIGNAL] == SIGSTOP) {
		ret = c3_call_subparent(addr, usize, view.f[F_FLAGS],
					c3_scratch_int(SCR_PIDFD));
	} else {
		ret = c3_raw_clone3(addr, usize);
		if (ret > 0) {
			if (view.f[F_FLAGS] & CLONE_PIDFD)
				syscall(__NR_close_range, 3, C3_CG_GOOD - 1, 0);
			c3_reap(ret, view.f[F_FLAGS]);
			ret = 1;
		}
	}
	if (!raw)
		c3_poke(addr, NULL, len);
	if (stlen)
		c3_poke(st_addr, NULL, stlen);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "calls", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long i, ok = 0, hist[136] = { 0 };
	__u64 s, digest = 0xcbf29ce484222325ULL;
	long ret;
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 's':
			opt_seed = strtoull(optarg, NULL, 0);
			break;
		case 'c':
			opt_calls = strtoull(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr,
				"usage: clone3_fuzz [--seed N] [--calls N]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	c3_supervise();
	if (c3_mem_init()) {
		perror("clone3_fuzz: mmap");
		return 1;
	}
	ps = c3m.ps;
	img = calloc(1, 2 * ps + 128);
	if (!img) {
		perror("clone3_fuzz: calloc");
		return 1;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	if (!c3_cgroup_setup("clone3_fuzz"))
		fprintf(stderr, "# clone3_fuzz: no cgroup2 directory\n");

	s = c3_mix(opt_seed);
	for (i = 0; i < opt_calls; i++) {
		ret = fz_call(&s);
		if (ret > 0)
			ok++;
		/* FNV-1a over the results, a success counting as 0 */
		digest ^= (__u64)(ret > 0 ? 0 : -ret);
		digest *= 0x100000001b3ULL;
		hist[ret > 0 ? 0 : (-ret < 135 ? -ret : 135)]++;
		if ((i + 1) % 100000 == 0)
			printf("# fuzz: %llu calls, %llu successes\n", i + 1, ok);
	}
	c3_drain();
	c3_cgroup_cleanup();
	for (o = 0; o < 136; o++)
		if (hist[o])
			fprintf(stderr, "# clone3_fuzz: %8llu %s\n", hist[o],
				o ? c3_errname(o) : "ok");
	printf("# fuzz: seed %llu, digest %016llx\n", opt_seed,
	       (unsigned long long)digest);
	printf("# fuzz: %llu calls, %llu successes\n", opt_calls, ok);
	return 0;
}
