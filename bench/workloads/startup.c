/* bench/workloads/startup.c: a guest that does nothing, so the benchmark can measure and subtract
 * an emulator's start-up cost. */
int main(void) { return 0; }
