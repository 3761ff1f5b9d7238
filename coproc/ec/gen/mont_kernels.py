# coproc/ec/gen/mont_kernels.py: generates the wide product and Montgomery reduction kernels for n limbs.
# The mulx/adcx/adox bodies in mont_x86.h and mont6_x86.h were produced with it and pasted in.
#   python3 coproc/ec/gen/mont_kernels.py N [fused]     (N = 4 or 6)
import sys
def q(s): return '"' + s + '\\n\\t"'

def csub_tail(n, reg, P):
    # The final conditional subtraction: the result minus p in spare registers (the window's top
    # word, lo, hi, rdx, rax and the t pointer, which the kernels declare "+r"), kept by cmov when
    # it did not borrow.  Cheaper than adding p back under a mask with mulx, which competes with the
    # rows for the multiplier.
    temps = [f'%[{reg(2 * n)}]', '%[lo]', '%[hi]', '%%rdx', '%%rax', '%[t]'][:n]  # t: n = 6
    L = [q(f'movq %[{reg(n+k)}], {temps[k]}') for k in range(n)]
    L += [q(f'{"subq" if k == 0 else "sbbq"} {P(k)}, {temps[k]}') for k in range(n)]
    L += [q(f'cmovncq {temps[k]}, %[{reg(n+k)}]') for k in range(n)]
    return L

def mul_wide(n):
    A = [f'A{k}' for k in range(n + 1)]
    reg = lambda k: A[k % (n + 1)]
    L = []
    for k in range(n + 1): L.append(q(f'xorl %k[{A[k]}], %k[{A[k]}]'))
    for i in range(n):
        if i > 0:
            L.append(q(f'movq %[{reg(i-1)}], {8*(i-1)}(%[t])'))
            L.append(q(f'xorl %k[{reg(i-1)}], %k[{reg(i-1)}]'))
        L.append(q(f'movq {8*i}(%[b]), %%rdx'))
        L.append(q('xorl %%eax, %%eax'))
        for j in range(n):
            L.append(q(f'mulxq {8*j}(%[a]), %[lo], %[hi]'))
            L.append(q(f'adoxq %[lo], %[{reg(i+j)}]'))
            L.append(q(f'adcxq %[hi], %[{reg(i+j+1)}]'))
        L.append(q(f'adoxq %%rax, %[{reg(i+n)}]'))
    for k in range(n - 1, 2 * n):
        L.append(q(f'movq %[{reg(k)}], {8*k}(%[t])'))
    outs = ', '.join(f'[{a}] "=&r"({a})' for a in A) + ', [lo] "=&r"(lo), [hi] "=&r"(hi)'
    body = '\n'.join(L)
    return f'''__attribute__((always_inline)) inline void mul{n}_wide_adx(uint64_t t[{2*n}], const uint64_t a[{n}],
                                                        const uint64_t b[{n}]) {{
  uint64_t {', '.join(A)}, lo, hi;
  __asm__(
{body}
      : {outs}, "=m"(*(uint64_t(*)[{2*n}])t)
      : [t] "r"(t), [a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[{n}])a),
        "m"(*(const uint64_t(*)[{n}])b)
      : "rax", "rdx", "cc");
}}
'''

def redc(n):
    A = [f'A{k}' for k in range(n + 1)]
    reg = lambda k: A[k % (n + 1)]
    L = []
    for k in range(n): L.append(q(f'movq {8*k}(%[t]), %[{A[k]}]'))
    L.append(q(f'xorl %k[{A[n]}], %k[{A[n]}]'))
    for i in range(n):
        L.append(q(f'movq %[{reg(i)}], %%rdx'))
        L.append(q('imulq %[inv], %%rdx'))
        L.append(q('xorl %%eax, %%eax'))
        for j in range(n):
            L.append(q(f'mulxq {8*j}(%[p]), %[lo], %[hi]'))
            L.append(q(f'adoxq %[lo], %[{reg(i+j)}]'))
            L.append(q(f'adcxq %[hi], %[{reg(i+j+1)}]'))
        L.append(q(f'adoxq %%rax, %[{reg(i+n)}]'))
    # the window is A_n..A_2n-1; add the high half of t
    for k in range(n):
        L.append(q(f'{"addq" if k == 0 else "adcq"} {8*(n+k)}(%[t]), %[{reg(n+k)}]'))
    # subtract p from a copy, and keep the copy unless that borrowed
    L += csub_tail(n, reg, lambda k: f'{8*k}(%[p])')
    outs = ', '.join(f'[{a}] "=&r"({a})' for a in A) + ', [lo] "=&r"(lo), [hi] "=&r"(hi)'
    body = '\n'.join(L)
    stores = '\n'.join(f'  r[{k}] = {reg(n+k)};' for k in range(n))
    return f'''__attribute__((always_inline)) inline void redc{n}_adx(uint64_t r[{n}], const uint64_t t[{2*n}],
                                                   const uint64_t p[{n}], uint64_t inv) {{
  uint64_t {', '.join(A)}, lo, hi;
  __asm__(
{body}
      : {outs}{', [t] "+r"(t)' if n >= 6 else ''}
      : {'' if n >= 6 else '[t] "r"(t), '}"m"(*(const uint64_t(*)[{2*n}])t), [p] "r"(p),
        "m"(*(const uint64_t(*)[{n}])p), [inv] "m"(inv)
      : "rax", "rdx", "cc");
{stores}
}}
'''
n = int(sys.argv[1])
print(mul_wide(n))
print(redc(n))

def helpers(n):
    L = []
    for k in range(n):
        L.append(q(f'movq {8*k}(%[a]), %[x]'))
        L.append(q(f'{"addq" if k == 0 else "adcq"} {8*k}(%[b]), %[x]'))
        L.append(q(f'movq %[x], {8*k}(%[r])'))
    add = '\n'.join(L)
    L = []
    for k in range(2 * n):
        L.append(q(f'movq {8*k}(%[u]), %[x]'))
        L.append(q(f'{"subq" if k == 0 else "sbbq"} %[x], {8*k}(%[t])'))
    sub = '\n'.join(L)
    L2 = list(L)
    L2.append(q('sbbq %%rdx, %%rdx'))
    L2.append(q('negq %%rdx'))
    for k in range(n):
        L2.append(q(f'mulxq {8*k}(%[p]), %[x], %[hi]'))
        L2.append(q(f'{"addq" if k == 0 else "adcq"} %[x], {8*(n+k)}(%[t])'))
    subm = '\n'.join(L2)
    return f'''// a + b without reduction (a, b < p: below 2p, which the wide product accepts).
__attribute__((always_inline)) inline void add{n}_nr(uint64_t r[{n}], const uint64_t a[{n}],
                                                 const uint64_t b[{n}]) {{
  uint64_t x;
  __asm__(
{add}
      : [x] "=&r"(x), "=m"(*(uint64_t(*)[{n}])r)
      : [r] "r"(r), [a] "r"(a), [b] "r"(b), "m"(*(const uint64_t(*)[{n}])a),
        "m"(*(const uint64_t(*)[{n}])b)
      : "cc");
}}
// t -= u over {2*n} limbs (t >= u by the caller's bound).
__attribute__((always_inline)) inline void sub{2*n}_wide(uint64_t t[{2*n}], const uint64_t u[{2*n}]) {{
  uint64_t x;
  __asm__(
{sub}
      : [x] "=&r"(x), "+m"(*(uint64_t(*)[{2*n}])t)
      : [t] "r"(t), [u] "r"(u), "m"(*(const uint64_t(*)[{2*n}])u)
      : "cc");
}}
// t -= u over {2*n} limbs, plus p*2^{64*n} when that borrows (t, u < p^2: the result is below p*2^{64*n}).
// The borrow selects p by a mulx with the borrow bit, which leaves the carry flag alone.
__attribute__((always_inline)) inline void sub{2*n}_wide_mod(uint64_t t[{2*n}], const uint64_t u[{2*n}],
                                                       const uint64_t p[{n}]) {{
  uint64_t x, hi;
  __asm__(
{subm}
      : [x] "=&r"(x), [hi] "=&r"(hi), "+m"(*(uint64_t(*)[{2*n}])t)
      : [t] "r"(t), [u] "r"(u), "m"(*(const uint64_t(*)[{2*n}])u), [p] "r"(p),
        "m"(*(const uint64_t(*)[{n}])p)
      : "rdx", "cc");
}}
'''
print(helpers(n))

def sqr_wide(n):
    pool = [f'A{k}' for k in range(n + 1)]
    # emit
    out = []
    where = {}
    free = list(pool)
    for i in range(n - 1):
        newregs = []
        for pos in range(2 * i + 1, i + n + 1):
            if pos not in where:
                where[pos] = free.pop(0)
                newregs.append(where[pos])
        for r in newregs: out.append(q(f'xorl %k[{r}], %k[{r}]'))
        out.append(q(f'movq {8*i}(%[a]), %%rdx'))
        out.append(q('xorl %%eax, %%eax'))
        for j in range(i + 1, n):
            out.append(q(f'mulxq {8*j}(%[a]), %[lo], %[hi]'))
            out.append(q(f'adoxq %[lo], %[{where[i+j]}]'))
            out.append(q(f'adcxq %[hi], %[{where[i+j+1]}]'))
        out.append(q(f'adoxq %%rax, %[{where[i+n]}]'))
        fin = (2 * i + 1, 2 * i + 2) if i + 1 < n - 1 else tuple(sorted(where))
        for pos in fin:
            out.append(q(f'movq %[{where[pos]}], {8*pos}(%[t])'))
            free.append(where.pop(pos))
    # pass 2: t = 2 cross + squares
    out.append(q('xorl %%eax, %%eax'))
    x = 'A0'
    for p in range(2 * n):
        k = p // 2
        if p % 2 == 0:
            out.append(q(f'movq {8*k}(%[a]), %%rdx'))
            out.append(q('mulxq %%rdx, %[lo], %[hi]'))
        if p == 0:
            out.append(q(f'movq %[lo], 0(%[t])'))
            continue
        if p == 2 * n - 1:
            out.append(q(f'movl $0, %k[{x}]'))
        else:
            out.append(q(f'movq {8*p}(%[t]), %[{x}]'))
        out.append(q(f'adcxq %[{x}], %[{x}]'))
        out.append(q(f'adoxq %[{"lo" if p % 2 == 0 else "hi"}], %[{x}]'))
        out.append(q(f'movq %[{x}], {8*p}(%[t])'))
    outs = ', '.join(f'[{a}] "=&r"({a})' for a in pool) + ', [lo] "=&r"(lo), [hi] "=&r"(hi)'
    body = '\n'.join(out)
    return f'''__attribute__((always_inline)) inline void sqr{n}_wide_adx(uint64_t t[{2*n}], const uint64_t a[{n}]) {{
  uint64_t {', '.join(pool)}, lo, hi;
  __asm__(
{body}
      : {outs}, "+m"(*(uint64_t(*)[{2*n}])t)
      : [t] "r"(t), [a] "r"(a), "m"(*(const uint64_t(*)[{n}])a)
      : "rax", "rdx", "cc");
}}
'''
if len(sys.argv) > 2: print(sqr_wide(n))

def mul_wide2(n, name, yo1, yo2):
    A = [f'A{k}' for k in range(n + 1)]
    reg = lambda k: A[k % (n + 1)]
    L = []
    for k in range(n + 1): L.append(q(f'xorl %k[{A[k]}], %k[{A[k]}]'))
    for i in range(n):
        if i > 0:
            L.append(q(f'movq %[{reg(i-1)}], {8*(i-1)}(%[t])'))
            L.append(q(f'xorl %k[{reg(i-1)}], %k[{reg(i-1)}]'))
        for (xo, yo) in ((0, yo1), (8 * n, yo2)):
            L.append(q(f'movq {yo + 8*i}(%[y]), %%rdx'))
            L.append(q('xorl %%eax, %%eax'))
            for j in range(n):
                L.append(q(f'mulxq {xo + 8*j}(%[x]), %[lo], %[hi]'))
                L.append(q(f'adoxq %[lo], %[{reg(i+j)}]'))
                L.append(q(f'adcxq %[hi], %[{reg(i+j+1)}]'))
            L.append(q(f'adoxq %%rax, %[{reg(i+n)}]'))
    for k in range(n - 1, 2 * n):
        L.append(q(f'movq %[{reg(k)}], {8*k}(%[t])'))
    outs = ', '.join(f'[{a}] "=&r"({a})' for a in A) + ', [lo] "=&r"(lo), [hi] "=&r"(hi)'
    body = '\n'.join(L)
    return f"""__attribute__((always_inline)) inline void {name}(uint64_t t[{2*n}], const uint64_t x[{2*n}],
                                                      const uint64_t y[{2*n}]) {{
  uint64_t {', '.join(A)}, lo, hi;
  __asm__(
{body}
      : {outs}, "=m"(*(uint64_t(*)[{2*n}])t)
      : [t] "r"(t), [x] "r"(x), [y] "r"(y), "m"(*(const uint64_t(*)[{2*n}])x),
        "m"(*(const uint64_t(*)[{2*n}])y)
      : "rax", "rdx", "cc");
}}
"""
if len(sys.argv) > 2 and sys.argv[2] == 'w2':
    print(mul_wide2(n, f'mul{n}_dot_adx', 0, 8 * n))
    print(mul_wide2(n, f'mul{n}_cross_adx', 8 * n, 0))

def redc_fused(n, mode):
    # mode 'c1': REDC(t - u - w), t >= u + w; mode 'c0': REDC(t - u), plus p 2^(64n) when negative.
    A = [f'A{k}' for k in range(n + 1)]
    reg = lambda k: A[k % (n + 1)]
    P = lambda k: f'%[p{k}]'
    L = []
    for k in range(n): L.append(q(f'movq {8*k}(%[t]), %[{A[k]}]'))
    for k in range(n): L.append(q(f'{"subq" if k == 0 else "sbbq"} {8*k}(%[u]), %[{A[k]}]'))
    L.append(q('setc %[b1]'))
    if mode == 'c1':
        for k in range(n): L.append(q(f'{"subq" if k == 0 else "sbbq"} {8*k}(%[w]), %[{A[k]}]'))
        L.append(q('setc %[b2]'))
    L.append(q(f'xorl %k[{A[n]}], %k[{A[n]}]'))
    for i in range(n):
        L.append(q(f'movq %[{reg(i)}], %%rdx'))
        L.append(q('imulq %[inv], %%rdx'))
        L.append(q('xorl %%eax, %%eax'))
        for j in range(n):
            L.append(q(f'mulxq {P(j)}, %[lo], %[hi]'))
            L.append(q(f'adoxq %[lo], %[{reg(i+j)}]'))
            L.append(q(f'adcxq %[hi], %[{reg(i+j+1)}]'))
        L.append(q(f'adoxq %%rax, %[{reg(i+n)}]'))
    # v + t_high - u_high - b1 (- w_high - b2)
    for k in range(n):
        L.append(q(f'{"addq" if k == 0 else "adcq"} {8*(n+k)}(%[t]), %[{reg(n+k)}]'))
    L.append(q('movzbl %[b1], %%eax'))
    L.append(q('btl $0, %%eax'))
    for k in range(n):
        L.append(q(f'sbbq {8*(n+k)}(%[u]), %[{reg(n+k)}]'))
    if mode == 'c1':
        L.append(q('movzbl %[b2], %%eax'))
        L.append(q('btl $0, %%eax'))
        for k in range(n):
            L.append(q(f'sbbq {8*(n+k)}(%[w]), %[{reg(n+k)}]'))
    else:
        # negative: add p (mulx by the borrow bit leaves the carry flag alone)
        L.append(q('sbbq %%rdx, %%rdx'))
        L.append(q('negq %%rdx'))
        for k in range(n):
            L.append(q(f'mulxq {P(k)}, %[lo], %[hi]'))
            L.append(q(f'{"addq" if k == 0 else "adcq"} %[lo], %[{reg(n+k)}]'))
    L += csub_tail(n, reg, P)
    outs = ', '.join(f'[{a}] "=&r"({a})' for a in A) + ', [lo] "=&r"(lo), [hi] "=&r"(hi), [b1] "=m"(b1)'
    if mode == 'c1': outs += ', [b2] "=m"(b2)'
    if n >= 6: outs += ', [t] "+r"(t)'  # a spare register for csub_tail
    ins = ('' if n >= 6 else '[t] "r"(t), ') + '[u] "r"(u), ' + ('[w] "r"(w), ' if mode == 'c1' else '')
    ins += f'"m"(*(const uint64_t(*)[{2*n}])t), "m"(*(const uint64_t(*)[{2*n}])u), '
    if mode == 'c1': ins += f'"m"(*(const uint64_t(*)[{2*n}])w), '
    ins += ', '.join(f'[p{k}] "m"(p[{k}])' for k in range(n)) + ', [inv] "m"(inv)'
    body = '\n'.join(L)
    stores = '\n'.join(f'  r[{k}] = {reg(n+k)};' for k in range(n))
    name = f'redc{n}_sub2_adx' if mode == 'c1' else f'redc{n}_subm_adx'
    args = 'const uint64_t t[], const uint64_t u[], const uint64_t w[]' if mode == 'c1' else 'const uint64_t t[], const uint64_t u[]'
    return f"""__attribute__((always_inline)) inline void {name}(uint64_t r[{n}], {args},
                                               const uint64_t p[{n}], uint64_t inv) {{
  uint64_t {', '.join(A)}, lo, hi;
  uint8_t b1{', b2' if mode == 'c1' else ''};
  __asm__(
{body}
      : {outs}
      : {ins}
      : "rax", "rdx", "cc");
{stores}
}}
"""
if len(sys.argv) > 2 and sys.argv[2] == 'fused':
    print(redc_fused(n, 'c1'))
    print(redc_fused(n, 'c0'))
