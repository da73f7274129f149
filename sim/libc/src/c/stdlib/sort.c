/* qsort is glibc's merge sort (msort.c): stable, splitting n into n/2 and the rest, merging
   with the left element first on ties, through a scratch buffer (on the stack when small, else
   malloc'd). A comparison function that logs its calls therefore sees the same calls as on
   Linux. If the scratch buffer cannot be had, an in-place insertion sort (also stable) runs.
   qsort_r is the same with glibc's argument order (the extra argument last). bsearch is the
   usual binary search. */
#include <stdlib.h>
#include <string.h>

struct sort_job {
    size_t size;
    int (*compare)(const void *, const void *);                  /* qsort's, or ... */
    int (*compare_with)(const void *, const void *, void *);     /* ... qsort_r's with its argument */
    void *argument;
    char *scratch;
};

static int compare(const struct sort_job *job, const void *a, const void *b) {
    return job->compare ? job->compare(a, b) : job->compare_with(a, b, job->argument);
}

static void merge_sort(const struct sort_job *job, char *base, size_t n) {
    size_t left_count = n / 2, right_count = n - left_count;
    char *left = base, *right = base + left_count * job->size;
    char *out = job->scratch;
    if (n <= 1)
        return;
    merge_sort(job, left, left_count);
    merge_sort(job, right, right_count);
    while (left_count > 0 && right_count > 0) {
        if (compare(job, left, right) <= 0) {
            memcpy(out, left, job->size);
            left += job->size;
            left_count--;
        } else {
            memcpy(out, right, job->size);
            right += job->size;
            right_count--;
        }
        out += job->size;
    }
    /* What is left of the right half is already in place. */
    if (left_count > 0)
        memcpy(out, left, left_count * job->size);
    memcpy(base, job->scratch, (n - right_count) * job->size);
}

static void insertion_sort(const struct sort_job *job, char *base, size_t n) {
    size_t i, j, k, size = job->size;
    for (i = 1; i < n; i++) {
        for (j = i; j > 0 && compare(job, base + (j - 1) * size, base + j * size) > 0; j--) {
            char *a = base + (j - 1) * size, *b = base + j * size;
            for (k = 0; k < size; k++) {
                char t = a[k];
                a[k] = b[k];
                b[k] = t;
            }
        }
    }
}

static void sort(struct sort_job *job, char *base, size_t nmemb) {
    char small[1024];
    size_t total = nmemb * job->size;
    job->scratch = total <= sizeof small ? small : malloc(total);
    if (!job->scratch) {
        insertion_sort(job, base, nmemb);
        return;
    }
    merge_sort(job, base, nmemb);
    if (job->scratch != small)
        free(job->scratch);
}

void qsort(void *base, size_t nmemb, size_t size, int (*compare_elements)(const void *, const void *)) {
    struct sort_job job = {size, compare_elements, 0, 0, 0};
    sort(&job, base, nmemb);
}

void qsort_r(void *base, size_t nmemb, size_t size, int (*compare_elements)(const void *, const void *, void *),
             void *argument) {
    struct sort_job job = {size, 0, compare_elements, argument, 0};
    sort(&job, base, nmemb);
}

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size, int (*compare)(const void *, const void *)) {
    size_t low = 0, high = nmemb;
    while (low < high) {
        size_t middle = (low + high) / 2;
        const char *element = (const char *)base + middle * size;
        int order = compare(key, element);
        if (order < 0)
            high = middle;
        else if (order > 0)
            low = middle + 1;
        else
            return (void *)element;
    }
    return 0;
}
