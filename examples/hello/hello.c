/* examples/hello/hello.c: the smallest tandem guest: greets, lists its arguments, and says
 * whether it runs under tandem (whose own calls answer) or elsewhere (qemu-user, native). */
#include <stdio.h>

#include "tandem/guest.h"

int main(int argc, char **argv) {
  printf("Hello from a tandem guest (rv%d).\n", (int)(sizeof(void *) * 8));
  for (int i = 1; i < argc; i++) printf("argv[%d] = %s\n", i, argv[i]);
  /* Goes to stderr so that stdout is the same under tandem and under qemu. */
  fprintf(stderr, "host: %s\n", tandem_present() ? "tandem" : "not tandem");
  return 0;
}
