#!/usr/bin/env bash
# The differential tests need Debian's qemu-riscv32 and an LLVM RISC-V toolchain (the oracle),
# gcc (the host oracle for the random C programs), script(1) (a terminal for stdio's tests) and
# Chromium (the panels' screenshots, driven by playwright-core).
# Installs them when missing and we are root; otherwise says what to install and fails.
set -u
need=()
command -v qemu-riscv32 >/dev/null || need+=(qemu-user)
command -v clang >/dev/null || need+=(clang)
command -v ld.lld >/dev/null || need+=(lld)
command -v llvm-objdump >/dev/null || need+=(llvm)
command -v unshare >/dev/null || need+=(util-linux)
command -v script >/dev/null || need+=(bsdutils)
command -v gcc >/dev/null || need+=(gcc)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "oslab tests: installing the oracle: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null && exit 0
fi
echo "oslab tests need: ${need[*]} (Debian: apt-get install -y qemu-user clang lld llvm util-linux bsdutils gcc chromium)" >&2
exit 1
