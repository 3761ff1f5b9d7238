/* sdk/src/syscalls.c: the operating-system layer picolibc expects, built on the guest ABI's Linux
 * subset (docs/abi.md), so the same ELF runs under tandem and under qemu-user.
 *
 * - stdin / stdout / stderr: tinystdio FILE objects.  stdout and stderr are line-buffered (a write
 *   per line, or per full buffer) because every write is an ecall that costs gas; stdin reads in
 *   blocks.  Buffered output is flushed when the program ends through exit() or by returning from
 *   main, by a last-running destructor: tinystdio keeps no list of open files, so exit() would
 *   not flush on its own.  _exit() (and tandem_exit) end the run without flushing, as on Linux.
 * - sbrk over the brk call, so malloc works.
 * - read/write/open/close/lseek/fstat/isatty/getpid/kill/gettimeofday/times: thin wrappers or
 *   fixed answers; no host clock, randomness or file system is reachable from a guest. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>
#include <unistd.h>

#include "tandem/abi_numbers.h"

static inline long linux_call3(long number, long arg0, long arg1, long arg2) {
  register long a0 __asm__("a0") = arg0;
  register long a1 __asm__("a1") = arg1;
  register long a2 __asm__("a2") = arg2;
  register long a7 __asm__("a7") = number;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

/* Linux returns -errno in a0; the C functions return -1 and set errno. */
static long check(long result) {
  if (result < 0 && result > -4096) {
    errno = (int)-result;
    return -1;
  }
  return result;
}

ssize_t read(int fd, void *buf, size_t count) {
  return check(linux_call3(TANDEM_SYS_READ, fd, (long)(uintptr_t)buf, (long)count));
}

ssize_t write(int fd, const void *buf, size_t count) {
  return check(linux_call3(TANDEM_SYS_WRITE, fd, (long)(uintptr_t)buf, (long)count));
}

__attribute__((noreturn)) void _exit(int code) {
  for (;;) linux_call3(TANDEM_SYS_EXIT_GROUP, code, 0, 0);
}

/* ---- heap ---------------------------------------------------------------------------------- */

void *sbrk(ptrdiff_t increment) {
  /* The host decides where the heap starts (just past .bss); ask it once. */
  static uintptr_t current;
  if (current == 0) current = (uintptr_t)linux_call3(TANDEM_SYS_BRK, 0, 0, 0);
  uintptr_t old = current;
  if (increment == 0) return (void *)old;
  uintptr_t wanted = old + (uintptr_t)increment;
  if ((increment > 0 && wanted < old) || (increment < 0 && wanted > old)) {
    errno = ENOMEM;
    return (void *)-1;
  }
  /* brk answers with the new end on success and the unchanged end on failure. */
  uintptr_t got = (uintptr_t)linux_call3(TANDEM_SYS_BRK, (long)wanted, 0, 0);
  if (got != wanted) {
    errno = ENOMEM;
    return (void *)-1;
  }
  current = got;
  return (void *)old;
}

/* ---- stdio ---------------------------------------------------------------------------------- */

/* A write-side stream: tinystdio hands us one character at a time. */
struct out_stream {
  FILE file; /* first, so a FILE * is a struct out_stream * */
  int fd;
  size_t len;
  char buf[512];
};

static int out_write_all(struct out_stream *s) {
  size_t done = 0;
  while (done < s->len) {
    ssize_t n = write(s->fd, s->buf + done, s->len - done);
    if (n <= 0) {
      s->len = 0;
      return _FDEV_ERR;
    }
    done += (size_t)n;
  }
  s->len = 0;
  return 0;
}

static int out_flush(FILE *f) { return out_write_all((struct out_stream *)f); }

static int out_put(char c, FILE *f) {
  struct out_stream *s = (struct out_stream *)f;
  s->buf[s->len++] = c;
  if (c == '\n' || s->len == sizeof s->buf) return out_write_all(s);
  return 0;
}

static struct out_stream stdout_stream = {
    .file = FDEV_SETUP_STREAM(out_put, NULL, out_flush, _FDEV_SETUP_WRITE), .fd = 1};
static struct out_stream stderr_stream = {
    .file = FDEV_SETUP_STREAM(out_put, NULL, out_flush, _FDEV_SETUP_WRITE), .fd = 2};

/* Reads from the run's input in blocks; a block read costs one ecall whatever its size. */
static int in_get(FILE *f);
static struct {
  FILE file;
  size_t pos, len;
  unsigned char buf[1024];
} stdin_stream = {.file = FDEV_SETUP_STREAM(NULL, in_get, NULL, _FDEV_SETUP_READ)};

static int in_get(FILE *f) {
  (void)f;
  if (stdin_stream.pos == stdin_stream.len) {
    /* Show any prompt before waiting for input, as line-buffered C libraries do. */
    out_write_all(&stdout_stream);
    ssize_t n = read(0, stdin_stream.buf, sizeof stdin_stream.buf);
    if (n < 0) return _FDEV_ERR;
    if (n == 0) return _FDEV_EOF;
    stdin_stream.pos = 0;
    stdin_stream.len = (size_t)n;
  }
  return stdin_stream.buf[stdin_stream.pos++];
}

FILE *const stdin = &stdin_stream.file;
FILE *const stdout = &stdout_stream.file;
FILE *const stderr = &stderr_stream.file;

/* Priority 101 makes this the last destructor to run (they run in reverse), after atexit
 * handlers and every other destructor, which may all still print. */
__attribute__((destructor(101))) static void flush_at_exit(void) {
  out_write_all(&stdout_stream);
  out_write_all(&stderr_stream);
}

/* ---- the rest of what picolibc may call ------------------------------------------------------ */

/* There is no file system: fopen() links but finds nothing. */
int open(const char *path, int flags, ...) {
  (void)path, (void)flags;
  errno = ENOENT;
  return -1;
}

int close(int fd) {
  (void)fd;
  errno = EBADF;
  return -1;
}

off_t lseek(int fd, off_t offset, int whence) {
  (void)fd, (void)offset, (void)whence;
  errno = ESPIPE;
  return -1;
}

int fstat(int fd, struct stat *st) {
  if (fd < 0 || fd > 2) {
    errno = EBADF;
    return -1;
  }
  memset(st, 0, sizeof *st);
  st->st_mode = S_IFCHR;
  return 0;
}

/* Not a terminal: keeps programs that ask from expecting interactive behaviour. */
int isatty(int fd) {
  (void)fd;
  errno = ENOTTY;
  return 0;
}

pid_t getpid(void) { return 1; }

int kill(pid_t pid, int sig) {
  /* raise()/abort() end up here: a signal to ourselves ends the run the way a shell reports it. */
  if (pid == 1) _exit(128 + sig);
  errno = ESRCH;
  return -1;
}

/* No host clock: time() and clock() report failure rather than a value that would differ
 * between runs. */
int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  (void)tv, (void)tz;
  errno = ENOSYS;
  return -1;
}

clock_t times(struct tms *buf) {
  (void)buf;
  errno = ENOSYS;
  return (clock_t)-1;
}
