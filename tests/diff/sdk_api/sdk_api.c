/* tests/diff/sdk_api/sdk_api.c: the functions of tandem/guest.h against a real tandem run, which
 * qemu cannot check (it answers every tandem call with -ENOSYS): input size and random-access
 * reads, the error for a bad buffer, the output channel, gas going down, and stdin staying
 * independent of tandem_input_read.  check_sdk_api.sh compares stdout and the output channel
 * with sdk_api.expected and sdk_api.output. */
#include <stdio.h>
#include <string.h>

#include "tandem/guest.h"

int main(void) {
  printf("present %d, input size %u\n", tandem_present(), (unsigned)tandem_input_size());
  char buf[32];
  memset(buf, 0, sizeof buf);
  long n = tandem_input_read(buf, 5, 3);
  printf("read 5 at 3: %ld '%s'\n", n, buf);
  memset(buf, 0, sizeof buf);
  n = tandem_input_read(buf, sizeof buf - 1, 20);
  printf("read to the end from 20: %ld '%s'\n", n, buf);
  printf("read past the end: %ld\n", tandem_input_read(buf, 4, 1000000));
  printf("read into unmapped memory: %ld\n", tandem_input_read((void *)8, 4, 0));
  printf("output: %d, from unmapped memory: %d\n", tandem_output("first\n", 6),
         tandem_output((const void *)16, 4));
  tandem_output("second\n", 7);
  uint64_t g1 = tandem_gas_left();
  volatile unsigned spin = 0;
  for (int i = 0; i < 1000; i++) spin = spin + (unsigned)i;
  uint64_t g2 = tandem_gas_left();
  printf("gas goes down: %d, by at least 1000: %d\n", g2 < g1, g1 - g2 >= 1000);
  char line[64];
  if (fgets(line, sizeof line, stdin)) printf("stdin from the start: %s", line);
  return 0;
}
