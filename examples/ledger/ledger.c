/* examples/ledger/ledger.c: a small ledger that applies signed transfers, the shape of a
 * blockchain's state transition: a little business logic (accounts, nonces, balances) around a lot
 * of structured work (a Keccak-256 and a secp256k1 public-key recovery per transaction).
 *
 * Input (make_transfers writes it): a 4-byte little-endian count, then per transfer 101 bytes:
 * to (20-byte address), amount (u64 LE), nonce (u64 LE), signature r || s (64), recid (1).  The
 * signer signs keccak256(to || amount || nonce); its address is the last 20 bytes of
 * keccak256(public key).  Every account starts with 1,000,000.  A transfer is applied when its
 * signature recovers, its nonce is the sender's next one and the sender can pay.
 *
 * Built twice (examples/CMakeLists.txt): ledger.elf sends the Keccak and the recovery to the
 * coprocessors ("glue"); ledger_soft.elf runs the SDK's portable C for them inside the VM
 * ("soft").  Both print the same summary; tandem run --stats shows where the time went. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/guest.h"

#define MAX_ACCOUNTS 256
#define RECORD 101

struct account {
  uint8_t address[20];
  uint64_t balance, nonce;
};
static struct account accounts[MAX_ACCOUNTS];
static int naccounts;

static struct account *find(const uint8_t address[20]) {
  for (int i = 0; i < naccounts; i++)
    if (memcmp(accounts[i].address, address, 20) == 0) return &accounts[i];
  if (naccounts == MAX_ACCOUNTS) return 0;
  struct account *a = &accounts[naccounts++];
  memcpy(a->address, address, 20);
  a->balance = 1000000, a->nonce = 0;
  return a;
}

static uint64_t le64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

int main(void) {
  uint8_t head[4];
  if (tandem_input_read(head, 4, 0) != 4) {
    fprintf(stderr, "ledger: no input (run with --input FILE made by make_transfers)\n");
    return 2;
  }
  const uint32_t count = (uint32_t)head[0] | (uint32_t)head[1] << 8 | (uint32_t)head[2] << 16 |
                         (uint32_t)head[3] << 24;
  unsigned applied = 0, bad_signature = 0, bad_nonce = 0, insufficient = 0;
  uint64_t volume = 0;
  uint8_t rec[RECORD];
  for (uint32_t i = 0; i < count; i++) {
    if (tandem_input_read(rec, RECORD, 4 + (size_t)i * RECORD) != RECORD) {
      fprintf(stderr, "ledger: input ends at transfer %u of %u\n", (unsigned)i, (unsigned)count);
      return 2;
    }
    uint8_t digest[32], pub[64], from[32];
    tandem_keccak256(rec, 36, digest);
    if (tandem_secp256k1_recover(digest, rec + 36, rec[100], pub) != 0) {
      bad_signature++;
      continue;
    }
    tandem_keccak256(pub, 64, from);
    struct account *sender = find(from + 12), *receiver = find(rec);
    if (!sender || !receiver) {
      fprintf(stderr, "ledger: more than %d accounts\n", MAX_ACCOUNTS);
      return 2;
    }
    const uint64_t amount = le64(rec + 20), nonce = le64(rec + 28);
    if (nonce != sender->nonce) {
      bad_nonce++;
      continue;
    }
    if (sender->balance < amount) {
      insufficient++;
      continue;
    }
    sender->nonce++;
    sender->balance -= amount;
    receiver->balance += amount;
    volume += amount;
    applied++;
  }
  /* A digest of the final state, in account order (first seen first). */
  uint8_t state[32] = {0}, buf[32 + 36];
  for (int i = 0; i < naccounts; i++) {
    memcpy(buf, state, 32);
    memcpy(buf + 32, accounts[i].address, 20);
    for (int b = 0; b < 8; b++) buf[52 + b] = (uint8_t)(accounts[i].balance >> (8 * b));
    for (int b = 0; b < 8; b++) buf[60 + b] = (uint8_t)(accounts[i].nonce >> (8 * b));
    tandem_keccak256(buf, sizeof buf, state);
  }
  printf("transfers %u: applied %u, bad signature %u, bad nonce %u, insufficient funds %u\n",
         (unsigned)count, applied, bad_signature, bad_nonce, insufficient);
  printf("accounts %d, volume %llu, state ", naccounts, (unsigned long long)volume);
  for (int i = 0; i < 32; i++) printf("%02x", state[i]);
  printf("\n");
  return 0;
}
