/*
 * Minimal use of the apisec C API: build an engine, feed it a JSONL or HAR file (or two
 * built-in records), print what it found as JSON.
 *
 *   cc -Wall -Wextra -Iinclude examples/c/example.c -Ltarget/release -lapisec -o example
 *   ./example traffic.jsonl
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apisec.h"

static int fail(const char *what, apisec_result rc) {
    char msg[512];
    size_t full = 0;
    apisec_last_error_message(msg, sizeof msg, &full);
    fprintf(stderr, "%s failed (code %u): %s\n", what, (unsigned)rc, msg);
    return 1;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *data = malloc(cap);
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(data, cap *= 2);
            if (!bigger) { free(data); data = NULL; }
            data = bigger;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

int main(int argc, char **argv) {
    apisec_engine *engine = NULL;
    apisec_result rc = apisec_engine_new(NULL, 0, &engine); /* default policy */
    if (rc != APISEC_OK) return fail("apisec_engine_new", rc);

    if (argc > 1) {
        size_t len = 0;
        char *doc = read_file(argv[1], &len);
        if (!doc) { perror(argv[1]); apisec_engine_free(engine); return 1; }
        uint64_t accepted = 0, rejected = 0;
        rc = apisec_engine_ingest_document(engine, (const uint8_t *)doc, len, &accepted, &rejected);
        free(doc);
        if (rc != APISEC_OK) { apisec_engine_free(engine); return fail("ingest", rc); }
        fprintf(stderr, "%llu records accepted, %llu rejected\n",
                (unsigned long long)accepted, (unsigned long long)rejected);
    } else {
        const char *records[] = {
            "{\"ts\":1700000000,\"client_ip\":\"203.0.113.9\",\"host\":\"api.example\","
            "\"method\":\"GET\",\"path\":\"/v1/users/42\",\"status\":200}",
            "{\"ts\":\"not a time\"}",
        };
        for (size_t i = 0; i < sizeof records / sizeof *records; i++) {
            rc = apisec_engine_ingest(engine, (const uint8_t *)records[i], strlen(records[i]));
            if (rc == APISEC_RECORD_ERROR) fail("record rejected", rc); /* counted; carry on */
            else if (rc != APISEC_OK) { apisec_engine_free(engine); return fail("ingest", rc); }
        }
    }

    apisec_buf report = {0};
    rc = apisec_engine_report(engine, &report);
    if (rc != APISEC_OK) { apisec_engine_free(engine); return fail("apisec_engine_report", rc); }
    printf("%s\n", (const char *)report.data);
    apisec_buf_free(&report);
    apisec_engine_free(engine);
    return 0;
}
