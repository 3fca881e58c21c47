# SPDX-License-Identifier: GPL-2.0
#
# Workbench for the Rust clone3 patch to Linux 7.2: from a fresh machine to
# a patched kernel, built, booted in QEMU and tested with kselftests.
# `make help` lists the targets and variables.

#: the architecture
ARCH     ?= x86_64
#: the kernel of single stages: c (upstream C clone3), rust (RUST_CLONE3=y), debug (rust + KASAN, kmemleak, fault injection)
VARIANT  ?= c
#: the variants that all builds, boots and compares
VARIANTS ?= $(if $(wildcard $(CURDIR)/kernel/clone.rs),c rust,c)
# The kernel: a Debian version of linux-source-<series>, e.g. 7.2.12-1 or
# 7.3.4-1~bpo13+1 (series 7.3: patches/7.3/ refreshes the series for it).
# Another version than the default builds under $(CURDIR)/build/kver-$(KVER).
KVER_DEFAULT := 7.2.12-1
KVER_7.2 := $(KVER_DEFAULT)
KVER_7.3 := 7.3.4-1~bpo13+1
# The user's own kernel tree, a git checkout of Linux 7.2 or later: make
# KSRC=/path/to/linux runs the job on it (scripts/workbench/ksrc.sh: the
# series with git am on a scratch branch of a worktree in $(BUILD)).
# The series is made against Debian's tree of the same series (KVER_<x.y>;
# the newest for a newer kernel).
#: your own kernel git tree (7.2 or later): the series by git am on a scratch worktree
KSRC     ?=
ifneq ($(KSRC),)
KSRC_VERSION := $(shell sed -n 's/^VERSION = \([0-9]*\)$$/\1/p; s/^PATCHLEVEL = \([0-9]*\)$$/.\1/p' $(KSRC)/Makefile 2>/dev/null | tr -d '\n')
ifeq ($(filter 7.% 8.% 9.%,$(KSRC_VERSION)),)
$(error KSRC=$(KSRC) is not a Linux tree of 7.2 or later (its Makefile gives version '$(KSRC_VERSION)'))
endif
KVER     := $(or $(KVER_$(KSRC_VERSION)),$(if $(filter 7.0 7.1,$(KSRC_VERSION)),,$(KVER_7.3)))
ifeq ($(KVER),)
$(error KSRC=$(KSRC) is Linux $(KSRC_VERSION): the series is for 7.2 or later)
endif
#: the prepared tree and the build directories
BUILD    ?= $(CURDIR)/build/ksrc
endif
#: Debian version of linux-source-<series> (7.2.x; 7.3.x with patches/7.3)
KVER     ?= $(KVER_DEFAULT)
export KVER_SERIES := $(word 1,$(subst ., ,$(KVER))).$(word 2,$(subst ., ,$(KVER)))
# The toolchain: the host's (empty: rustup's rustc, bindgen from cargo,
# LLVM 19), or a Debian toolchain root (fetch-toolchain.sh): min (trixie:
# rustc 1.85.1, bindgen 0.71.1, the minimums of Linux 7.2) or newest
# (forky). Its kernels are built in $(ARCH)/<variant>-$(TOOLCHAIN).
#: min (Debian trixie: rustc 1.85.1, bindgen 0.71.1) or newest (forky); empty: the host's
TOOLCHAIN ?=
# A config variant of make matrix (scripts/workbench/configs/matrix/NAME.config,
# or randconfig-SEED), built in $(ARCH)/<variant>-$(CONFIG_VARIANT).
#: a config variant of make matrix (configs/matrix/NAME.config, randconfig-SEED)
CONFIG_VARIANT ?=
#: downloads, pristine trees, Debian roots, compiler cache (outside the repository)
CACHE    ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/clone3-rust
BUILD    ?= $(CURDIR)/build$(if $(filter-out $(KVER_DEFAULT),$(KVER)),/kver-$(KVER))
#: parallel kernel build jobs
JOBS     ?= $(shell nproc)
#: seconds before a boot is stopped and fails
TIMEOUT  ?= 900
#: guest memory
MEM      ?= 1G
# Read by the scripts from the environment (empty: their default).
#: kvm or tcg: QEMU's accelerator (empty: KVM where the host has a standard one, else TCG)
export ACCEL ?=
#: the Debian mirror of every fetch (empty: the one of this machine's apt sources)
export DEBIAN_MIRROR ?=
#: the Debian security archive (empty: the one of this machine's apt sources)
export DEBIAN_SECURITY_MIRROR ?=
# arm64 boots one vCPU by default: see CHECK_ARM64_SMP below.
#: guest vCPUs
SMP      ?= $(if $(filter arm64,$(ARCH)),1,2)
#: extra kernel command line
APPEND   ?=
#: the command of vm-run and world-run
CMD      ?=
#: a directory copied into the guest of vm-run and world-run (/wb/extra)
EXTRA    ?=
#: the console log of boot and report
LOG      ?= $(OUT)/console.log
#: the results report writes
RESULTS  ?= $(OUT)/results.json
#: the seed of the corpus and fuzz programs
SEED     ?= 1
#: clone3_corpus cases per kernel, native and 32-bit
CORPUS_CASES ?= 100000
# The corpus where permissions decide (plan.py's PERM_SETTINGS: as uid
# 65534, with kernel.unprivileged_userns_clone=0, as root of a user
# namespace), native and 32-bit, each compared between the kernels.
#: clone3_corpus cases per kernel in each setting where permissions decide (0: none)
PERM_CASES ?= 100000
#: how long clone3_race runs
RACE_SECONDS ?= 20
#: calls of the debug kernel's fuzz soak
FUZZ_CALLS   ?= 1000000
# The fuzz soak of make check: kmemleak makes the debug kernel about five
# times slower (README); make VARIANT=debug variant runs FUZZ_CALLS.
#: FUZZ_CALLS of make check
CHECK_FUZZ_CALLS ?= 50000
# clone3_faults: at most this many corpus cases (0: none), at least the
# minimum in the C-versus-Rust comparison.
#: clone3_faults: at most this many corpus cases (0: none)
FAULT_CASES  ?= 100000
#: fewest fault-injection cases the comparison accepts
MIN_FAULT_CASES ?= 2000
# The architectures whose c and rust kernels run and compare clone3_faults
# (it prints a case once two runs of it in a row agree): those measured
# stable (docs/design.md).
#: the architectures whose kernels run and compare clone3_faults
FAULT_ARCHES ?= x86_64 arm64
FAULTS_HERE := $(filter $(ARCH),$(FAULT_ARCHES))
#: fault-injection cases of the debug kernel (kmemleak)
DEBUG_FAULT_CASES ?= 400
# clone3_load: 64 threads at a pids.max limit for this long.
#: how long clone3_load runs (0: not at all)
LOAD_SECONDS ?= 10
# 0: the c and rust kernels boot without the kselftests (make matrix, for
# config variants that take away what they test).
#: 0: boot without the kselftests
KSELFTEST ?= 1
# Debian's trinity on the debug kernel (TRINITY_ARCHES), as nobody: this
# many syscalls aimed at clone3/clone/fork/vfork (those in trinity's table
# of ARCH), then this many of every kind but fork and vfork; a run that takes longer than TRINITY_SECONDS is
# stopped and fails. make check runs these; make trinity runs
# TRINITY_LONG_CALLS.
#: trinity syscalls at clone3/clone/fork/vfork (debug kernel)
TRINITY_CLONE_CALLS ?= 300
#: trinity syscalls of every kind but fork and vfork (debug kernel)
TRINITY_CALLS ?= 100000
#: a trinity run longer than this fails
TRINITY_SECONDS ?= 1200
#: TRINITY_CALLS of make trinity
TRINITY_LONG_CALLS ?= 1000000
# Syscalls per trinity invocation (0: all in one); the guest prints the
# progress after each. make trinity runs TRINITY_LONG_CHUNK.
#: syscalls per trinity invocation (0: all in one)
TRINITY_CHUNK ?= 0
#: TRINITY_CHUNK of make trinity
TRINITY_LONG_CHUNK ?= 50000
# 0: no trinity on the debug kernel. make check runs the CHECK_ lengths.
#: 0: no trinity on the debug kernel
TRINITY ?= 1
#: TRINITY of make check
CHECK_TRINITY ?= 1
#: TRINITY_CLONE_CALLS of make check
CHECK_TRINITY_CLONE_CALLS ?= 30
#: TRINITY_CALLS of make check
CHECK_TRINITY_CALLS ?= 20000

WB       := $(CURDIR)/scripts/workbench
STAGE    := $(WB)/stage
PRISTINE := $(CACHE)/linux-$(KVER)/pristine
SRC      := $(BUILD)/linux-$(if $(KSRC),ksrc,$(KVER))
ARCH_DIR := $(BUILD)/$(ARCH)
BUILD_SUFFIX := $(if $(TOOLCHAIN),-$(TOOLCHAIN))$(if $(CONFIG_VARIANT),-$(CONFIG_VARIANT))
OUT      := $(ARCH_DIR)/$(VARIANT)$(BUILD_SUFFIX)
# What the labels of the results add for another kernel than the default.
KERNEL_LABEL := $(if $(KSRC), (KSRC),$(if $(filter-out $(KVER_DEFAULT),$(KVER)), (Linux $(KVER_SERIES))))
KPARSER  := $(SRC)/tools/testing/kunit

# Result files (results/README.md). A target of RESULT_GOALS run from the
# command line records each stage's time (scripts/workbench/stage appends
# to WB_STAGE_LOG, emptied when make starts) and ends by writing
# $(RESULT_DIR)/<name>.md and .json (results.py): the command, date,
# commit, machine, stages, and the figures of its summary.
RESULT_DIR   := $(BUILD)/results
RESULT_GOALS := all bench trinity world rust-checks patches-check check check-arm64 matrix
RESULT_GOAL  := $(if $(filter 0,$(MAKELEVEL)),$(filter $(RESULT_GOALS),$(or $(MAKECMDGOALS),all)))
# The name of a goal's result: the goal, with what it ran on.
result_name = $(strip $(if $(filter check check-arm64 matrix,$(1)),$(1), \
	$(if $(filter patches-check,$(1)),$(1)$(if $(filter 1,$(BISECT)),-bisect-$(ARCH)), \
	$(1)-$(ARCH)$(BUILD_SUFFIX)$(if $(filter-out $(KVER_DEFAULT),$(KVER)),-$(KVER_SERIES))$(if $(KSRC),-ksrc))))
RESULT_VARS  := ARCH VARIANT TOOLCHAIN CONFIG_VARIANT KVER KSRC BISECT CHECK_ARCHES MATRIX_CELLS \
	CORPUS_CASES PERM_CASES FAULT_CASES FAULT_ARCHES SMP TRINITY_CLONE_CALLS TRINITY_LONG_CALLS
result_command = $(strip make $(1) $(foreach v,$(RESULT_VARS),$(if $(filter command line,$(origin $(v))),$(v)=$($(v)))))
# One stage log per result, so that two makes run side by side (other
# goals or ARCHes) do not empty or fill each other's.
ifneq ($(RESULT_GOAL),)
export WB_STAGE_LOG := $(RESULT_DIR)/stages-$(call result_name,$(firstword $(RESULT_GOAL))).tsv
$(shell mkdir -p $(RESULT_DIR) && : > $(WB_STAGE_LOG))
endif
# $(call write_result,SUMMARY[,MARKDOWN]): the last line of a recipe of
# RESULT_GOALS, a no-op in a nested make (make check's own make all).
write_result = @$(if $(filter $@,$(RESULT_GOAL)),$(WB)/results.py --name $(call result_name,$@) \
	--command '$(call result_command,$@)' --stages $(WB_STAGE_LOG) --repo $(CURDIR) --out $(RESULT_DIR) \
	$(if $(1),--summary $(1)) $(if $(2),--attach $(2)),:)
# $(call combine,STAGE NAME,SUMMARY FILE,JSON FILES...): report.py's
# summary of the result files, printed and kept for write_result.
combine = $(STAGE) "$(1)" bash -o pipefail -c '"$$0" --combine "$$@" | tee $(2)' $(WB)/report.py $(3)
# The summary file of the goal being made.
SUMMARY = $(BUILD)/check/summary-$(call result_name,$@).txt
# $(call goal_combine,STAGE NAME,JSON FILES...): combine, for a target
# that make check also runs, only when it is the goal itself.
goal_combine = $(if $(filter $@,$(RESULT_GOAL)),$(call combine,$(1),$(SUMMARY),$(2)),:)

# The kernel's C compiles go through ccache (CCACHE=0: without): setup
# makes $(CACHE)/ccache-bin/clang-19 a link to ccache, which then runs the
# clang-19 after it on PATH. The cache, $(CACHE)/ccache, serves every clone:
# ccache hashes the paths under $(BUILD) relative to the build directory.
# It then gives the compiler the source file by that relative path too, so
# the second -fmacro-prefix-map keeps __FILE__ as Kbuild's own
# ("kernel/fork.c"); it is passed with or without ccache, so that both
# build the same objects and switching does not rebuild. The map of the
# make that called this one (make check's Linux 7.3 build) is taken out,
# so that a nested build hashes as a build of its own.
#: 1: the kernel's C compiles go through ccache; 0: without
CCACHE   ?= 1
export PATH := $(if $(filter 1,$(CCACHE)),$(CACHE)/ccache-bin:)$(HOME)/.cargo/bin:$(PATH)
#: the compiler cache
export CCACHE_DIR ?= $(CACHE)/ccache
export CCACHE_BASEDIR := $(abspath $(BUILD))
export CCACHE_NOHASHDIR := 1
#: how large the compiler cache may grow
export CCACHE_MAXSIZE ?= 10G
WB_KCFLAGS := -fmacro-prefix-map=../../$(notdir $(SRC))/=
export KCFLAGS := $(strip $(filter-out -fmacro-prefix-map=../../linux-%/=,$(KCFLAGS)) $(WB_KCFLAGS))
#: the libclang bindgen uses
export LIBCLANG_PATH ?= /usr/lib/llvm-19/lib
export JOBS TIMEOUT MEM SMP APPEND
export WB_CACHE := $(CACHE)
export WB_TOOLCHAIN := $(TOOLCHAIN)
export WB_CONFIG_VARIANT := $(CONFIG_VARIANT)
# 1: a compiler warning in a build fails it (make matrix).
#: 1: a compiler warning fails the build (make matrix)
NO_WARNINGS ?= 0
export WB_NO_WARNINGS := $(NO_WARNINGS)
export WB_BIND_DIRS := $(abspath $(BUILD))
# Passed through the environment so that any quoting in CMD survives.
export WB_CMD := $(value CMD)
export WB_EXTRA := $(value EXTRA)

# The architectures and the variants, as data (scripts/workbench/arches.py,
# variants.py): ARCHES, BOOT_ARCHES (the others are compiled and linked
# only, for the reason NOBOOT_<arch> gives), COMPAT_ARCHES (a 32-bit
# corpus for the compat differential), WORLD_ARCHES, TRINITY_ARCHES,
# IMAGE_<arch>, OBJDUMP_<arch>; KNOWN_VARIANTS, KUNIT_<variant> (the KUnit suites its
# boot must run), SERVED_<variant> (the function the kprobes must show
# serving clone3).
define WB_NL


endef
$(eval $(subst @@NL@@,$(WB_NL),$(shell python3 $(WB)/arches.py make)))
$(eval $(subst @@NL@@,$(WB_NL),$(shell python3 $(WB)/variants.py make)))
ifeq ($(ARCHES),)
$(error scripts/workbench/arches.py gave no architectures (is python3 installed?))
endif
ifeq ($(filter $(VARIANT),$(KNOWN_VARIANTS)),)
$(error unknown VARIANT '$(VARIANT)'; supported: $(KNOWN_VARIANTS))
endif
ifneq ($(filter-out min newest,$(TOOLCHAIN)),)
$(error unknown TOOLCHAIN '$(TOOLCHAIN)'; supported: min (Debian trixie: rustc 1.85, bindgen 0.71.1), newest (Debian forky), or empty for the host's)
endif

IMAGE        := $(IMAGE_$(ARCH))
ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error unknown ARCH '$(ARCH)'; supported: $(ARCHES))
endif
# An architecture that is built but not booted here stops a goal that
# boots before anything is built.
BOOT_GOALS := all initramfs boot report variant differential bench vm-run vng \
	world world-image world-boot world-shell world-run trinity
ifeq ($(filter $(ARCH),$(BOOT_ARCHES)),)
ifneq ($(filter $(BOOT_GOALS),$(or $(MAKECMDGOALS),all)),)
$(error ARCH=$(ARCH) has no QEMU that boots it here ($(NOBOOT_$(ARCH))); build it with: make ARCH=$(ARCH) VARIANT=rust setup fetch prepare config build)
endif
endif

.PHONY: all setup fetch prepare config build initramfs boot report \
	variant differential trinity check-arm64 matrix world world-image world-boot world-shell world-run bench vm-run vng patches patches-check rust-checks check help clean distclean

# The main job: every stage, for every variant.
#: setup, fetch, prepare, then config, build, initramfs, boot, report for each of VARIANTS; differential; a summary
all: setup fetch prepare
	@for v in $(VARIANTS); do \
		$(MAKE) --no-print-directory VARIANT=$$v variant || exit 1; \
	done
ifneq ($(filter c,$(VARIANTS)),)
ifneq ($(filter rust,$(VARIANTS)),)
	@$(MAKE) --no-print-directory differential
endif
endif
	@mkdir -p $(BUILD)/check
	@$(call combine,summary,$(SUMMARY), \
		$(foreach v,$(VARIANTS),$(ARCH_DIR)/$(v)$(BUILD_SUFFIX)/results.json) \
		$(if $(filter c,$(VARIANTS)),$(if $(filter rust,$(VARIANTS)),$(DIFF_JSON))))
	$(call write_result,$(SUMMARY))

# The corpus results of the C and the Rust kernel, case by case: the
# native corpus, and the 32-bit one through the compat syscall table.
PERM_MARKERS := $(shell python3 $(WB)/plan.py settings)
# The settings' runs on an architecture: native, and 32-bit where it has them.
perm_runs = $(if $(filter-out 0,$(PERM_CASES)),$(PERM_MARKERS) \
	$(if $(filter $(1),$(COMPAT_ARCHES)),$(addsuffix 32,$(PERM_MARKERS))))
perm_json = $(foreach s,$(call perm_runs,$(1)),$(BUILD)/check/differential-$(s)-$(1)$(2).json)
DIFF_JSON := $(BUILD)/check/differential-$(ARCH)$(BUILD_SUFFIX).json \
	$(if $(filter $(ARCH),$(COMPAT_ARCHES)),$(BUILD)/check/differential-compat-$(ARCH)$(BUILD_SUFFIX).json) \
	$(call perm_json,$(ARCH),$(BUILD_SUFFIX)) \
	$(if $(FAULTS_HERE),$(BUILD)/check/faults-$(ARCH)$(BUILD_SUFFIX).json)
#: compare the c and rust kernels' corpus and fault-injection outputs
differential:
	@mkdir -p $(BUILD)/check
	@$(STAGE) "differential $(ARCH)" $(WB)/differential.py --arch "$(ARCH)$(BUILD_SUFFIX)$(KERNEL_LABEL)" \
		--min-cases $(CORPUS_CASES) --json $(BUILD)/check/differential-$(ARCH)$(BUILD_SUFFIX).json \
		$(ARCH_DIR)/c$(BUILD_SUFFIX)/console.log $(ARCH_DIR)/rust$(BUILD_SUFFIX)/console.log
ifneq ($(filter $(ARCH),$(COMPAT_ARCHES)),)
	@$(STAGE) "differential $(ARCH) compat (32-bit)" $(WB)/differential.py --arch "$(ARCH)$(BUILD_SUFFIX)$(KERNEL_LABEL)" \
		--name "differential compat" --marker CORPUS32 \
		--min-cases $(CORPUS_CASES) --json $(BUILD)/check/differential-compat-$(ARCH)$(BUILD_SUFFIX).json \
		$(ARCH_DIR)/c$(BUILD_SUFFIX)/console.log $(ARCH_DIR)/rust$(BUILD_SUFFIX)/console.log
endif
	@for s in $(call perm_runs,$(ARCH)); do \
		case $$s in *32) name="differential compat" ;; *) name=differential ;; esac; \
		$(STAGE) "$$name $(ARCH) $$s" $(WB)/differential.py --arch "$(ARCH)$(BUILD_SUFFIX)$(KERNEL_LABEL)" \
			--name "$$name" --setting $$s --min-cases $(PERM_CASES) \
			--json $(BUILD)/check/differential-$$s-$(ARCH)$(BUILD_SUFFIX).json \
			$(ARCH_DIR)/c$(BUILD_SUFFIX)/console.log $(ARCH_DIR)/rust$(BUILD_SUFFIX)/console.log || exit 1; \
	done
ifneq ($(FAULTS_HERE),)
	@$(STAGE) "faults $(ARCH) (fail-nth)" $(WB)/differential.py --arch "$(ARCH)$(BUILD_SUFFIX)$(KERNEL_LABEL)" \
		--name faults --faults --min-cases $(MIN_FAULT_CASES) \
		--json $(BUILD)/check/faults-$(ARCH)$(BUILD_SUFFIX).json \
		$(ARCH_DIR)/c$(BUILD_SUFFIX)/console.log $(ARCH_DIR)/rust$(BUILD_SUFFIX)/console.log
endif

#: config, build, initramfs, boot and report of one VARIANT
variant: config build initramfs boot report

#: install what is missing (as root), or say what is missing
setup:
	@$(STAGE) setup $(WB)/setup.sh $(ARCH)
ifneq ($(TOOLCHAIN),)
	@$(STAGE) "toolchain $(TOOLCHAIN)" $(WB)/fetch-toolchain.sh $(CACHE) $(TOOLCHAIN)
endif

#: download linux-source-<series>=$(KVER) into $(CACHE)
fetch:
	@$(STAGE) fetch $(WB)/fetch.sh $(CACHE) $(KVER)

ifeq ($(KSRC),)
#: the pristine tree + this repository's kernel files + patches/
prepare:
	@$(STAGE) prepare $(WB)/prepare.sh $(PRISTINE) $(CURDIR) $(SRC)
else
prepare:
	@$(STAGE) "prepare $(KSRC)" $(WB)/ksrc.sh $(KSRC) $(PRISTINE) $(CURDIR) $(BUILD)/ksrc-series $(SRC)
endif

#: the kernel config of ARCH and VARIANT, every fragment option checked
config:
	@$(STAGE) "config $(ARCH)/$(VARIANT)$(BUILD_SUFFIX)" $(WB)/config.sh $(ARCH) $(VARIANT) $(SRC) $(OUT) $(CURDIR)

#: build the kernel of ARCH and VARIANT (incremental)
build:
	@$(STAGE) "build $(ARCH)/$(VARIANT)$(BUILD_SUFFIX)" $(WB)/build.sh $(ARCH) $(SRC) $(OUT)

#: the kselftests and the workbench's programs, packed for the guest
initramfs:
	@$(STAGE) "initramfs $(ARCH)" $(WB)/initramfs.sh $(ARCH) $(SRC) $(OUT) $(ARCH_DIR)

# What the guest runs: the steps of scripts/workbench/plan.py for VARIANT,
# with the lengths of the make variables that plan.py names, asked for on
# the kernel command line (see scripts/workbench/guest/init). The debug
# variant runs the fault injection, race, fuzz and load soaks, then
# kmemleak and trinity (TRINITY_ARCHES), not the kselftests; make trinity
# (TRINITY_ONLY=1) only trinity, without kmemleak.
WB_PARAMS = $(shell python3 $(WB)/plan.py params $(VARIANT) \
	$(foreach v,$(shell python3 $(WB)/plan.py variables),$(v)=$($(v))) \
	FAULTS_HERE=$(if $(FAULTS_HERE),1,0) TRINITY_ONLY=$(TRINITY_ONLY) \
	TRINITY_HERE=$(if $(filter $(ARCH),$(TRINITY_ARCHES)),$(if $(filter-out 0,$(TRINITY)),1,0),0))
ifeq ($(VARIANT),debug)
#: TIMEOUT of the debug kernel
DEBUG_TIMEOUT ?= 3000
TIMEOUT := $(DEBUG_TIMEOUT)
endif
#: boot the kernel of ARCH and VARIANT in QEMU and run the guest's tests
boot:
	@APPEND="$(WB_PARAMS) $(APPEND)" $(STAGE) "boot $(ARCH)/$(VARIANT)$(BUILD_SUFFIX)" $(WB)/boot.sh $(ARCH) $(OUT)/$(IMAGE) \
		$(ARCH_DIR)/initramfs.cpio $(LOG)

#: the results of the last boot, and N passed, N failed
report:
	@$(STAGE) "report $(ARCH)/$(VARIANT)$(BUILD_SUFFIX)" $(WB)/report.py --label "$(ARCH)/$(VARIANT)$(BUILD_SUFFIX)$(KERNEL_LABEL)" \
		--known-failures $(WB)/known-failures \
		--kunit-parser $(KPARSER) --kunit-required $(KUNIT_$(VARIANT)) \
		$(if $(filter debug,$(VARIANT))$(filter 0,$(KSELFTEST)),--no-kselftest) \
		$(if $(SERVED_$(VARIANT)),--served-by $(SERVED_$(VARIANT))) \
		--json $(RESULTS) $(LOG)

# trinity alone on the debug kernel, TRINITY_LONG_CALLS syscalls in the
# mixed run (see README for its last result).
ifneq ($(filter trinity,$(MAKECMDGOALS)),)
ifeq ($(filter $(ARCH),$(TRINITY_ARCHES)),)
$(error make trinity runs on $(TRINITY_ARCHES) (arches.py's trinity entries): ARCH=$(ARCH))
endif
endif
#: Debian's trinity on the debug kernel (TRINITY_ARCHES), TRINITY_LONG_CALLS
trinity: setup fetch prepare
	@$(MAKE) --no-print-directory VARIANT=debug TRINITY_ONLY=1 TRINITY_CALLS=$(TRINITY_LONG_CALLS) \
		TRINITY_CHUNK=$(TRINITY_LONG_CHUNK) \
		TRINITY_SECONDS=$(or $(TRINITY_LONG_SECONDS),5400) DEBUG_TIMEOUT=$(or $(TRINITY_LONG_TIMEOUT),7200) \
		LOG=$(BUILD)/$(ARCH)/debug/trinity-console.log RESULTS=$(BUILD)/$(ARCH)/debug/trinity.json variant
	@mkdir -p $(BUILD)/check
	@$(call combine,trinity summary,$(SUMMARY),$(BUILD)/$(ARCH)/debug/trinity.json)
	$(call write_result,$(SUMMARY))

# make world: Debian trixie (systemd as PID 1, CRIU, crun) booted on the C
# and the Rust kernel of ARCH from a disk image, with the programs' tests
# and the clone3 calls they make, counted per flag combination at the
# function that served them (see README). world-shell: the same system
# with a root shell on the console (VARIANT=c|rust).
#: the kernels make world boots
WORLD_VARIANTS ?= c rust
#: TIMEOUT of a world boot
WORLD_TIMEOUT  ?= 1200
#: MEM of a world boot
WORLD_MEM      ?= 2G
WORLD_JSON     := $(BUILD)/check/world-$(ARCH).json
ifneq ($(filter world world-image world-boot world-shell world-run,$(MAKECMDGOALS)),)
ifeq ($(filter $(ARCH),$(WORLD_ARCHES)),)
$(error make world runs on $(WORLD_ARCHES): the kernels of ARCH=$(ARCH) have no world options (no configs/world-$(ARCH).config))
endif
endif
ifneq ($(filter world world-boot world-shell world-run,$(MAKECMDGOALS)),)
ifneq ($(filter-out c rust,$(VARIANT) $(WORLD_VARIANTS)),)
$(error make world runs on the c and rust kernels (the debug kernel has no world.config): VARIANT=$(VARIANT) WORLD_VARIANTS=$(WORLD_VARIANTS))
endif
endif
#: Debian (systemd, CRIU, crun) booted on the c and rust kernels, the same results on both
world: setup fetch prepare
	@for v in $(WORLD_VARIANTS); do \
		$(MAKE) --no-print-directory VARIANT=$$v config build || exit 1; \
	done
	@$(MAKE) --no-print-directory world-image
	@rc=0; for v in $(WORLD_VARIANTS); do \
		$(MAKE) --no-print-directory VARIANT=$$v world-boot || rc=1; \
	done; \
	mkdir -p $(BUILD)/check; \
	$(STAGE) "world $(ARCH) report" $(WB)/world.py --arch $(ARCH) --json $(WORLD_JSON) \
		$(foreach v,$(WORLD_VARIANTS),$(v)=$(ARCH_DIR)/$(v)$(BUILD_SUFFIX)/world-console.log) && exit $$rc
	@$(call goal_combine,world summary,$(WORLD_JSON))
	$(call write_result,$(SUMMARY))

#: the disk image of make world
world-image:
	@$(STAGE) "world image $(ARCH)" $(WB)/world.sh image $(ARCH) $(CACHE) $(ARCH_DIR)/world

#: boot that image on the kernel of VARIANT
world-boot:
	@TIMEOUT=$(WORLD_TIMEOUT) MEM=$(WORLD_MEM) $(STAGE) "world boot $(ARCH)/$(VARIANT)" \
		$(WB)/world.sh boot $(ARCH) $(VARIANT) $(OUT)/$(IMAGE) $(ARCH_DIR)/world/rootfs.ext4 \
		$(OUT)/world-console.log

#: a root shell in that system (VARIANT=c|rust)
world-shell:
	@WORLD_SHELL=1 MEM=$(WORLD_MEM) $(WB)/world.sh boot $(ARCH) $(VARIANT) $(OUT)/$(IMAGE) \
		$(ARCH_DIR)/world/rootfs.ext4 $(OUT)/world-console.log

#: boot that system, run CMD as root, exit with its status
world-run:
	@[ -n "$$WB_CMD" ] || { echo "error: world-run needs a command: make world-run CMD='...' [EXTRA=dir]" >&2; exit 2; }
	@TIMEOUT=$(WORLD_TIMEOUT) MEM=$(WORLD_MEM) $(WB)/world.sh boot $(ARCH) $(VARIANT) $(OUT)/$(IMAGE) \
		$(ARCH_DIR)/world/rootfs.ext4 $(OUT)/world-run.log

# The cost of the C and the Rust clone3 side by side (see README).
#: icount boots per kernel of make bench
BENCH_ROUNDS ?= 5
BENCH_DIR := $(ARCH_DIR)/bench$(BUILD_SUFFIX)
#: instructions per call of the C and the Rust clone3 (QEMU -icount); CONFIG_VARIANT=nofault: without fault injection
bench: setup fetch prepare
	@for v in c rust; do \
		$(MAKE) --no-print-directory VARIANT=$$v config build || exit 1; \
	done
	@$(MAKE) --no-print-directory initramfs
	@$(STAGE) "bench $(ARCH)$(BUILD_SUFFIX): $(BENCH_ROUNDS) icount boots + 1 wall-clock boot per kernel" \
		$(WB)/bench.sh $(ARCH) $(ARCH_DIR) $(SRC) $(BENCH_ROUNDS) $(BUILD_SUFFIX)
	@$(STAGE) "bench $(ARCH)$(BUILD_SUFFIX) summary" $(WB)/bench.py --arch $(ARCH) --dir $(BENCH_DIR) \
		--src $(SRC) --objdump $(OBJDUMP_$(ARCH)) --c-vmlinux $(ARCH_DIR)/c$(BUILD_SUFFIX)/vmlinux \
		--rust-vmlinux $(ARCH_DIR)/rust$(BUILD_SUFFIX)/vmlinux --command "$(call result_command,bench)"
	$(call write_result,$(BENCH_DIR)/summary.txt,$(BENCH_DIR)/bench.md)

# virtme-ng: CMD on the host's own root file system, under the kernel of
# VARIANT built with the options vng needs (the config variant vng,
# configs/matrix/vng.config, from the plain build), as root.
ifneq ($(filter vng,$(MAKECMDGOALS)),)
ifeq ($(strip $(CMD)),)
$(error make vng needs a command: make vng VARIANT=c|rust CMD='...')
endif
endif
#: run CMD under virtme-ng on the host's root file system, with VARIANT's kernel and vng's options
vng: setup fetch prepare
	@$(MAKE) --no-print-directory CONFIG_VARIANT=vng config build
	@$(STAGE) "vng $(ARCH)/$(VARIANT)-vng" $(WB)/vng.sh $(ARCH) $(ARCH_DIR)/$(VARIANT)-vng/$(IMAGE) "$$WB_CMD"

# Boot the built kernel (ARCH, VARIANT) and run CMD in it, with the static
# programs of EXTRA copied to /wb/extra (the working directory, on PATH).
#: boot the built kernel, run CMD (with EXTRA), exit with its status
vm-run:
	@$(WB)/vm-run.sh $(ARCH) $(OUT)/$(IMAGE) $(ARCH_DIR)/initramfs.cpio "$$WB_CMD" "$$WB_EXTRA"

# The upstream submission: a git format-patch series against the pristine
# tree, and its check (git am, checkpatch --strict, same tree as tested).
#: where make patches writes the series
PATCHES_OUT  ?= $(BUILD)/patches
#: author and Signed-off-by of make patches, 'Name <email>' (empty: your git user.name and user.email; a placeholder is refused)
PATCH_AUTHOR ?=
#: the revision of the series (b4 prep --force-revision; the cover letter's changelog is yours, in patches/cover-letter)
PATCH_REVISION ?= 1
#: 1: patches-check also builds after every patch (slow)
BISECT       ?= 0
export PATCH_AUTHOR PATCH_REVISION BISECT

#: the series as b4's mails (b4 prep, To/Cc from get_maintainer.pl; b4 send -o) in PATCHES_OUT
patches: fetch
	@$(STAGE) "patches" $(WB)/patches.sh generate $(PRISTINE) $(CURDIR) $(BUILD)/series $(PATCHES_OUT)

# patches-check makes its own copy of the series (WB_SERIES_LOCAL=1: it
# needs no identity of yours and is never mailed), not the one of make
# patches.
#: git am on the pristine tree, checkpatch --strict --codespell, maintainers, the tree equals the tested one
patches-check: fetch prepare
	@mkdir -p $(BUILD)/check
	@$(STAGE) "patches (for the check)" env WB_SERIES_LOCAL=1 $(WB)/patches.sh generate \
		$(PRISTINE) $(CURDIR) $(BUILD)/series $(BUILD)/check/series
	@$(STAGE) "patches-check" env ARCH=$(ARCH) BISECT_CONFIG=$(ARCH_DIR)/rust/.config \
		WB_JSON=$(BUILD)/check/patches.json $(WB)/patches.sh check \
		$(PRISTINE) $(CURDIR) $(BUILD)/series $(BUILD)/check/series $(SRC)
	@$(call goal_combine,patches-check summary,$(BUILD)/check/patches.json)
	$(call write_result,$(SUMMARY))

# The review checks of the Rust code (rustfmt, clippy, rustdoc, no C
# bindings and no unsafe beyond the entry points in kernel/clone.rs), on the
# built Rust kernel of ARCH.
#: rustfmtcheck, CLIPPY=1, rustdoc and its doctests on the built rust kernel
rust-checks:
	@mkdir -p $(BUILD)/check
	@WB_LABEL="$(ARCH)$(BUILD_SUFFIX)$(KERNEL_LABEL)" $(STAGE) "rust checks $(ARCH)$(BUILD_SUFFIX)$(KERNEL_LABEL)" $(WB)/rust-checks.sh \
		$(BUILD)/check/rust-checks-$(ARCH)$(BUILD_SUFFIX).json $(ARCH) $(SRC) $(ARCH_DIR)/rust$(BUILD_SUFFIX) $(CURDIR)
	@$(call goal_combine,rust checks summary,$(BUILD)/check/rust-checks-$(ARCH)$(BUILD_SUFFIX).json)
	$(call write_result,$(SUMMARY))

# The project's test command: the workbench's own tests, then the main job
# on each of CHECK_ARCHES (the system call tables of the mission), the
# Debian world on the x86_64 kernels, the Rust checks, the debug variant,
# the series check, and one summary, with the shorter lengths below (the
# 100,000-case corpora and all fault-injection cases are make's).
# Both architectures of the mission. arm64's rare freezer races under TCG
# (cgroup:test_freezer, measured 2026-12-05) are in known-failures.
#: the architectures whose c and rust kernels make check builds, boots and compares
CHECK_ARCHES ?= x86_64 arm64
#: CORPUS_CASES of make check and make matrix
CHECK_CORPUS_CASES ?= 20000
#: PERM_CASES of make check and make matrix
CHECK_PERM_CASES ?= 20000
#: FAULT_CASES of make check and make matrix
CHECK_FAULT_CASES  ?= 4000
# Coverage: the x86_64 rust kernel built with the minimum toolchain and its
# Rust checks, and Linux 7.3's c and rust kernels built, booted and
# compared with make check's lengths, with its series check. Two more cold
# kernel builds (813 s and 755 s here) that would take make check on a new
# machine past CI's time, so they run in the matrix cells toolchain-min
# and linux-7.3 (the CI workflow), and in make check with CHECK_COVERAGE=1.
#: 1: make check also builds the minimum-toolchain rust kernel and checks Linux 7.3
CHECK_COVERAGE ?= 0
BUILD_7.3 := $(BUILD)/kver-$(KVER_7.3)
CHECK_COVERAGE_JSON := $(BUILD)/check/rust-checks-x86_64-min.json \
	$(foreach v,$(VARIANTS),$(BUILD_7.3)/x86_64/$(v)/results.json) \
	$(BUILD_7.3)/check/differential-x86_64.json $(BUILD_7.3)/check/differential-compat-x86_64.json \
	$(if $(filter x86_64,$(FAULT_ARCHES)),$(BUILD_7.3)/check/faults-x86_64.json) \
	$(BUILD_7.3)/check/patches.json
CHECK_JSON = $(BUILD)/check/workbench-pre.json $(BUILD)/check/workbench-post.json \
	$(BUILD)/check/workbench-unit.json $(BUILD)/check/workflow.json \
	$(foreach a,$(CHECK_ARCHES),$(BUILD)/check/linked-$(a).json $(BUILD)/check/differential-$(a).json \
		$(if $(filter $(a),$(COMPAT_ARCHES)),$(BUILD)/check/differential-compat-$(a).json) \
		$(call perm_json,$(a)) \
		$(if $(filter $(a),$(FAULT_ARCHES)),$(BUILD)/check/faults-$(a).json) \
		$(foreach v,$(VARIANTS),$(BUILD)/$(a)/$(v)/results.json)) \
	$(BUILD)/x86_64/debug/results.json $(BUILD)/check/patches.json \
	$(BUILD)/check/rust-checks-x86_64.json $(BUILD)/check/world-x86_64.json \
	$(if $(filter 1,$(CHECK_COVERAGE)),$(CHECK_COVERAGE_JSON))
# Its result file: $(RESULT_DIR)/check.md (and .json).
#: the test suite (CI): self-tests, unit tests, all on CHECK_ARCHES, world, debug, series check
check: setup fetch prepare
	@rm -f $(BUILD)/check/*.json $(BUILD_7.3)/check/*.json
	@$(STAGE) "workbench self-tests (no kernel needed)" $(WB)/tests/run.sh $(BUILD)/check pre
	@$(STAGE) "workbench unit tests" $(WB)/tests/unit.py $(BUILD)/check/workbench-unit.json
	@$(STAGE) "CI workflow lint (actionlint)" $(WB)/check-workflow.sh $(BUILD)/check/workflow.json $(CURDIR)
	@for a in $(CHECK_ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a CORPUS_CASES=$(CHECK_CORPUS_CASES) PERM_CASES=$(CHECK_PERM_CASES) \
			FAULT_CASES=$(CHECK_FAULT_CASES) all || exit 1; \
	done
	@$(MAKE) --no-print-directory ARCH=x86_64 world
	@$(MAKE) --no-print-directory ARCH=x86_64 rust-checks
	@$(MAKE) --no-print-directory ARCH=x86_64 VARIANT=debug FUZZ_CALLS=$(CHECK_FUZZ_CALLS) \
		TRINITY=$(CHECK_TRINITY) TRINITY_CLONE_CALLS=$(CHECK_TRINITY_CLONE_CALLS) \
		TRINITY_CALLS=$(CHECK_TRINITY_CALLS) variant
	@$(MAKE) --no-print-directory patches-check
ifeq ($(CHECK_COVERAGE),1)
	@$(MAKE) --no-print-directory ARCH=x86_64 TOOLCHAIN=min VARIANT=rust setup config build
	@$(MAKE) --no-print-directory ARCH=x86_64 TOOLCHAIN=min rust-checks
	@$(MAKE) --no-print-directory ARCH=x86_64 KVER=$(KVER_7.3) BUILD=$(BUILD_7.3) \
		CORPUS_CASES=$(CHECK_CORPUS_CASES) PERM_CASES=$(CHECK_PERM_CASES) FAULT_CASES=$(CHECK_FAULT_CASES) all
	@$(MAKE) --no-print-directory KVER=$(KVER_7.3) BUILD=$(BUILD_7.3) patches-check
endif
	@$(STAGE) "workbench self-tests (built kernel)" $(WB)/tests/run.sh $(BUILD)/check post
	@for a in $(CHECK_ARCHES); do \
		$(STAGE) "which clone3 is linked ($$a)" $(WB)/check-linked.sh $(BUILD)/check/linked-$$a.json \
			$$a $(BUILD)/$$a $(VARIANTS) || exit 1; \
	done
	@$(call combine,check summary,$(SUMMARY),$(CHECK_JSON))
	$(call write_result,$(SUMMARY))

# make matrix: the cells of scripts/workbench/matrix.py (toolchains, config
# variants, randconfigs, Linux 7.3, other architectures, KSRC, arm64,
# trinity, bench), one after the other (matrix.sh); MATRIX_CELLS picks
# cells. Booted cells run make check's corpus lengths. The CI workflow
# .github/workflows/matrix.yml runs the same cells as one job each.
#: the cells make matrix runs (matrix.py's, below; empty: all)
MATRIX_CELLS ?=
#: the cells of matrix.py, one after the other, and a table
matrix:
	@MATRIX_MAKEFLAGS="CORPUS_CASES=$(CHECK_CORPUS_CASES) PERM_CASES=$(CHECK_PERM_CASES) FAULT_CASES=$(CHECK_FAULT_CASES) NO_WARNINGS=1" \
		$(WB)/matrix.sh $(CURDIR) $(BUILD)/matrix $(MATRIX_CELLS)
	$(call write_result,,$(BUILD)/matrix/table.md)

# The arm64 part of the former make check, by hand (README): the main job
# on arm64 with the 100,000-case corpora, one vCPU (with two, the upstream
# pidfd_autoreap_test raced on the C and the Rust kernel alike: README,
# troubleshooting), and the linked-symbol check.
#: SMP of make check-arm64
CHECK_ARM64_SMP ?= 1
#: all on arm64 and its linked-symbol check
check-arm64:
	@$(MAKE) --no-print-directory ARCH=arm64 SMP=$(CHECK_ARM64_SMP) all
	@mkdir -p $(BUILD)/check
	@$(STAGE) "which clone3 is linked (arm64)" $(WB)/check-linked.sh $(BUILD)/check/linked-arm64.json \
		arm64 $(BUILD)/arm64 $(VARIANTS)
	@$(call combine,check-arm64 summary,$(SUMMARY),$(BUILD)/check/linked-arm64.json \
		$(BUILD)/check/differential-arm64.json $(BUILD)/check/differential-compat-arm64.json \
		$(if $(filter arm64,$(FAULT_ARCHES)),$(BUILD)/check/faults-arm64.json) \
		$(call perm_json,arm64) $(foreach v,$(VARIANTS),$(BUILD)/arm64/$(v)/results.json))
	$(call write_result,$(SUMMARY))

#: this text
help:
	@$(foreach v,$(shell python3 $(WB)/makehelp.py --names $(CURDIR)/Makefile),$(v)='$(subst ','\'',$($(v)))') \
		python3 $(WB)/makehelp.py $(CURDIR)/Makefile

#: remove BUILD
clean:
	rm -rf $(BUILD)

#: remove BUILD and CACHE
distclean: clean
	chmod -R u+w $(CACHE) 2>/dev/null; rm -rf $(CACHE)
