/* rand and srand with glibc's default generator (random(3)'s TYPE_3: an additive feedback
   generator over 31 words, seeded by a Park-Miller sequence and run 310 times before the
   first output), so srand(1); rand() gives 1804289383 here as on Linux. rand_r is glibc's
   separate small linear congruential generator. */
#include <stdlib.h>

#define STATE_WORDS 31
#define SEPARATION 3

static int state[STATE_WORDS];
static int front = SEPARATION; /* the two taps, 3 apart, walking round the state */
static int rear;
static int seeded;

/* One step of the feedback: both taps advance; the result drops the low bit. */
static int next_random(void) {
    int result;
    state[front] = (int)((unsigned int)state[front] + (unsigned int)state[rear]);
    result = (int)(((unsigned int)state[front] >> 1) & 0x7fffffff);
    if (++front == STATE_WORDS) {
        front = 0;
        ++rear;
    } else if (++rear == STATE_WORDS) {
        rear = 0;
    }
    return result;
}

/* Park-Miller (16807 * x mod 2^31 - 1) via Schrage's method, to stay within 32 bits. */
static int park_miller(int word) {
    int hi = word / 127773;
    int lo = word % 127773;
    word = 16807 * lo - 2836 * hi;
    return word < 0 ? word + 2147483647 : word;
}

void srandom(unsigned int seed) {
    int i;
    state[0] = seed == 0 ? 1 : (int)seed;
    for (i = 1; i < STATE_WORDS; i++)
        state[i] = park_miller(state[i - 1]);
    front = SEPARATION;
    rear = 0;
    for (i = 0; i < 10 * STATE_WORDS; i++)
        next_random();
    seeded = 1;
}

long random(void) {
    if (!seeded)
        srandom(1);
    return next_random();
}

void srand(unsigned int seed) {
    srandom(seed);
}

int rand(void) {
    return (int)random();
}

int rand_r(unsigned int *seed) {
    unsigned int next = *seed;
    int result;
    next = next * 1103515245 + 12345;
    result = (int)((next / 65536) % 2048);
    next = next * 1103515245 + 12345;
    result = (result << 10) ^ (int)((next / 65536) % 1024);
    next = next * 1103515245 + 12345;
    result = (result << 10) ^ (int)((next / 65536) % 1024);
    *seed = next;
    return result;
}
