// The locality lab in miniature, for the CPU & Caches panel on tiny caches: one matrix summed row
// by row, then column by column, with a write(2) after each walk so the recording stops there.
// A row is 512 bytes, the size of the tiny L1's sets together, so a column walk lands every
// access in one L1 set while a row walk spreads them over all of them.
#include <unistd.h>

#define N 128

static int matrix[N][N];

int main(void) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) matrix[i][j] = i ^ j;
  long sum = 0;
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) sum += matrix[i][j];
  write(1, "rows\n", 5);
  for (int j = 0; j < N; j++)
    for (int i = 0; i < N; i++) sum += matrix[i][j];
  write(1, "columns\n", 8);
  return (int)(sum & 1);
}
