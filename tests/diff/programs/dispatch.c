/* tests/diff/programs/dispatch.c: indirect control flow, compared between tandem and qemu: dense
 * switches (compiled to jump tables: loads from rodata plus an indirect jump), tables of function
 * pointers, and a small bytecode interpreter.  The exit code is the interpreter's final result. */
#include <stdint.h>
#include <stdio.h>

static volatile int opaque = 1; /* keeps the inputs unknown to the optimiser */

static const char *day_name(int d) {
  switch (d) {
    case 0: return "sunday";
    case 1: return "monday";
    case 2: return "tuesday";
    case 3: return "wednesday";
    case 4: return "thursday";
    case 5: return "friday";
    case 6: return "saturday";
    default: return "?";
  }
}

static int dense(int x) {
  switch (x) {
    case 0: return 11;
    case 1: return x * 3;
    case 2: return 97;
    case 3: return x << 4;
    case 4: return -5;
    case 5: return x ^ 0x55;
    case 6: return 1000;
    case 7: return x * x;
    case 8: return 8;
    case 9: return 123;
    case 10: return x - 99;
    case 11: return 4242;
    case 12: return x / 2;
    case 13: return 13 * 13;
    case 14: return 7;
    case 15: return x % 4;
    default: return -1;
  }
}

typedef int64_t (*binop)(int64_t, int64_t);
static int64_t op_add(int64_t a, int64_t b) { return a + b; }
static int64_t op_sub(int64_t a, int64_t b) { return a - b; }
static int64_t op_mul(int64_t a, int64_t b) { return a * b; }
static int64_t op_max(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t op_xor(int64_t a, int64_t b) { return a ^ b; }
static int64_t op_shl(int64_t a, int64_t b) { return (int64_t)((uint64_t)a << (b & 15)); }
static const binop ops[] = {op_add, op_sub, op_mul, op_max, op_xor, op_shl};
static const char *const op_names[] = {"add", "sub", "mul", "max", "xor", "shl"};

/* A stack machine: the dispatch loop is a switch over opcodes, the classic interpreter shape. */
enum { PUSH, ADD, SUB, MUL, DUP, SWAP, JNZ, DEC, PRINT, HALT, OVER, MOD };
static int64_t run(const int *code) {
  int64_t stack[64];
  int sp = 0, pc = 0;
  long steps = 0;
  for (;;) {
    steps++;
    switch (code[pc++]) {
      case PUSH: stack[sp++] = code[pc++]; break;
      case ADD: sp--; stack[sp - 1] += stack[sp]; break;
      case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
      case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
      case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
      case DUP: stack[sp] = stack[sp - 1]; sp++; break;
      case OVER: stack[sp] = stack[sp - 2]; sp++; break;
      case SWAP: { int64_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
      case DEC: stack[sp - 1]--; break;
      case JNZ: { int target = code[pc++]; if (stack[--sp]) pc = target; break; }
      case PRINT: printf("vm print %lld\n", (long long)stack[sp - 1]); break;
      case HALT: printf("vm halted after %ld steps\n", steps); return stack[sp - 1];
      default: printf("bad opcode\n"); return -1;
    }
  }
}

int main(void) {
  for (int d = -1; d < 8; d++) printf("day %d: %s\n", d, day_name(d * opaque));
  long total = 0;
  for (int i = -2; i < 20; i++) {
    int v = dense(i * opaque);
    total += v;
    printf("dense(%d) = %d\n", i, v);
  }
  printf("dense total %ld\n", total);

  int64_t acc = 3;
  for (int i = 0; i < 60; i++) {
    unsigned k = (unsigned)(i * 7 + opaque) % 6;
    int64_t before = acc;
    acc = ops[k](acc, i + 1);
    if (i % 5 == 0) printf("%s(%lld, %d) = %lld\n", op_names[k], (long long)before, i + 1, (long long)acc);
  }
  printf("function pointer result %lld\n", (long long)acc);

  /* acc = 1; n = 20; do { acc = (acc * 3 + n) % 1000003; } while (--n); */
  const int program[] = {
      PUSH, 1, PUSH, 20,        /* acc n */
      /* loop at 4: */
      SWAP, PUSH, 3, MUL,       /* n acc*3 */
      OVER, ADD,                /* n acc*3+n */
      PUSH, 1000003, MOD,       /* n acc' */
      PRINT, SWAP, DEC,         /* acc' n-1 */
      DUP, JNZ, 4,
      SWAP, HALT};
  int64_t result = run(program);
  printf("bytecode result %lld\n", (long long)result);
  return (int)(result % 256);
}
