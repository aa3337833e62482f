/*
 * Tests of the C API from C: NULL handling, result codes, error messages, buffers, and the
 * shared conformance vectors (`api_test conformance DIR` prints the case's JSON).
 * Built by scripts/test.sh with -Wall -Wextra -Werror, statically and dynamically, and run
 * under valgrind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apisec.h"

static int passed, failed;
#define CHECK(cond)                                                                \
    do {                                                                           \
        if (cond) passed++;                                                        \
        else { failed++; fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); } \
    } while (0)

static const char GOOD[] = "{\"ts\":1700000000,\"client_ip\":\"203.0.113.9\",\"host\":\"api.example\","
                           "\"method\":\"GET\",\"path\":\"/v1/users/42\",\"status\":200}";

static size_t last_error(char *buf, size_t len) {
    size_t full = 0;
    if (apisec_last_error_message(buf, len, &full) != APISEC_OK) return (size_t)-1;
    return full;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) { free(data); data = NULL; }
    fclose(f);
    *len = (size_t)n;
    return data;
}

static void put_query(const char *name, apisec_result (*q)(const apisec_engine *, apisec_buf *),
                      const apisec_engine *e, int first) {
    apisec_buf b = {0};
    if (q(e, &b) != APISEC_OK) { fprintf(stderr, "query %s failed\n", name); exit(1); }
    printf("%s\"%s\":%s", first ? "{" : ",", name, (const char *)b.data);
    apisec_buf_free(&b);
}

typedef apisec_result (*line_query)(const apisec_engine *, const uint8_t *, size_t, apisec_buf *);

/* `"name":[...]`: `q` over each line of DIR/FILE (a final newline does not start another
 * line); nothing when the file does not exist. */
static void put_lines(const apisec_engine *e, const char *dir, const char *file, const char *name, line_query q) {
    char path[4096];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *text = read_file(path, &len);
    if (!text) return;
    if (len > 0 && text[len - 1] == '\n') len--;
    printf(",\"%s\":[", name);
    size_t start = 0;
    int first = 1;
    for (size_t i = 0; len > 0 && i <= len; i++) {
        if (i < len && text[i] != '\n') continue;
        apisec_buf b = {0};
        if (q(e, (const uint8_t *)text + start, i - start, &b) != APISEC_OK) {
            fprintf(stderr, "%s failed\n", name);
            exit(1);
        }
        printf("%s%s", first ? "" : ",", (const char *)b.data);
        apisec_buf_free(&b);
        first = 0;
        start = i + 1;
    }
    printf("]");
    free(text);
}

static int conformance(const char *dir) {
    char path[4096];
    size_t plen = 0, dlen = 0;
    snprintf(path, sizeof path, "%s/policy.json", dir);
    char *policy = read_file(path, &plen);
    apisec_engine *e = NULL;
    if (apisec_engine_new((const uint8_t *)policy, policy ? plen : 0, &e) != APISEC_OK) return 1;
    free(policy);
    snprintf(path, sizeof path, "%s/records.jsonl", dir);
    char *doc = read_file(path, &dlen);
    if (!doc) {
        snprintf(path, sizeof path, "%s/records.har", dir);
        doc = read_file(path, &dlen);
    }
    if (!doc) return 1;
    apisec_result rc = apisec_engine_ingest_document(e, (const uint8_t *)doc, dlen, NULL, NULL);
    free(doc);
    if (rc != APISEC_OK) return 1;
    put_query("assets", apisec_engine_assets, e, 1);
    put_query("risks", apisec_engine_risks, e, 0);
    put_query("events", apisec_engine_events, e, 0);
    put_query("overview", apisec_engine_overview, e, 0);
    put_query("stats", apisec_engine_stats, e, 0);
    put_query("openapi", apisec_engine_openapi, e, 0);
    put_query("compliance", apisec_engine_compliance, e, 0);
    put_lines(e, dir, "texts.txt", "scan", apisec_engine_scan);
    put_lines(e, dir, "traces.txt", "trace", apisec_engine_trace);
    printf("}\n");
    apisec_engine_free(e);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "conformance") == 0) return conformance(argv[2]);

    char msg[256];
    apisec_engine *e = NULL;

    /* NULL arguments are refused with a message, never dereferenced. */
    CHECK(apisec_engine_new(NULL, 0, NULL) == APISEC_NULL_ARGUMENT);
    CHECK(last_error(msg, sizeof msg) > 0 && strstr(msg, "out") != NULL);
    CHECK(apisec_engine_new(NULL, 5, &e) == APISEC_NULL_ARGUMENT && e == NULL);
    CHECK(apisec_engine_ingest(NULL, (const uint8_t *)GOOD, strlen(GOOD)) == APISEC_NULL_ARGUMENT);
    CHECK(apisec_engine_assets(NULL, NULL) == APISEC_NULL_ARGUMENT);
    apisec_engine_free(NULL);
    apisec_buf_free(NULL);

    /* An invalid policy: code 3, message names the policy, *out untouched. */
    const char bad_policy[] = "{\"no_such_option\":1}";
    CHECK(apisec_engine_new((const uint8_t *)bad_policy, strlen(bad_policy), &e) == APISEC_POLICY_ERROR);
    CHECK(e == NULL);
    CHECK(last_error(msg, sizeof msg) > 0 && strncmp(msg, "invalid policy", 14) == 0);

    CHECK(apisec_engine_new((const uint8_t *)"{}", 2, &e) == APISEC_OK && e != NULL);
    CHECK(apisec_engine_ingest(e, (const uint8_t *)GOOD, strlen(GOOD)) == APISEC_OK);
    const char bad[] = "{\"ts\":1700000000,\"client_ip\":\"nope\",\"host\":\"h\",\"method\":\"GET\",\"path\":\"/\"}";
    CHECK(apisec_engine_ingest(e, (const uint8_t *)bad, strlen(bad)) == APISEC_RECORD_ERROR);
    size_t full = last_error(msg, sizeof msg);
    CHECK(full == strlen(msg) && strstr(msg, "client_ip") != NULL);
    if (failed) fprintf(stderr, "message: %s (%zu)\n", msg, full);
    CHECK(apisec_engine_ingest(e, (const uint8_t *)"{", 1) == APISEC_RECORD_ERROR);

    /* Size query, then truncation to the buffer (always NUL-terminated). */
    size_t need = 0;
    CHECK(apisec_last_error_message(NULL, 0, &need) == APISEC_OK && need > 5);
    char small[5];
    CHECK(apisec_last_error_message(small, sizeof small, NULL) == APISEC_OK && strlen(small) == 4);
    CHECK(apisec_last_error_message(NULL, 3, NULL) == APISEC_NULL_ARGUMENT);

    /* A document: JSONL with a blank and a bad line. */
    char doc[1024];
    snprintf(doc, sizeof doc, "%s\n\nnot json\n%s\n", GOOD, GOOD);
    uint64_t acc = 99, rej = 99;
    CHECK(apisec_engine_ingest_document(e, (const uint8_t *)doc, strlen(doc), &acc, &rej) == APISEC_OK);
    CHECK(acc == 2 && rej == 1);
    /* Starts like HAR but is not: read as one JSONL line, and rejected. */
    const char broken_har[] = "{\"log\":{\"entries\":7}}";
    CHECK(apisec_engine_ingest_document(e, (const uint8_t *)broken_har, strlen(broken_har), &acc, &rej) ==
          APISEC_OK);
    CHECK(acc == 0 && rej == 1);

    /* Queries: NUL-terminated JSON; freeing twice is harmless. */
    apisec_buf b = {0};
    CHECK(apisec_engine_assets(e, &b) == APISEC_OK);
    CHECK(b.data != NULL && b.data[0] == '[' && b.data[b.len] == '\0' && strstr((char *)b.data, "api.example"));
    apisec_buf_free(&b);
    CHECK(b.data == NULL && b.len == 0);
    apisec_buf_free(&b);
    CHECK(apisec_engine_stats(e, &b) == APISEC_OK && strstr((char *)b.data, "\"rejected\":4") != NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_report(e, &b) == APISEC_OK && strstr((char *)b.data, "\"overview\"") != NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_risks(e, NULL) == APISEC_NULL_ARGUMENT);

    /* OpenAPI export: a JSON object naming the version and the discovered path. */
    CHECK(apisec_engine_openapi(e, &b) == APISEC_OK && b.data[0] == '{');
    CHECK(strstr((char *)b.data, "\"openapi\":\"3.0.3\"") != NULL && strstr((char *)b.data, "/v1/users") != NULL);
    apisec_buf_free(&b);

    /* Scan: byte offsets into the text, as `apisec scan` prints them; bad UTF-8 is repaired. */
    const char text[] = "{\"mobile\":\"13812345678\"}";
    CHECK(apisec_engine_scan(e, (const uint8_t *)text, strlen(text), &b) == APISEC_OK);
    CHECK(strstr((char *)b.data, "\"code\":\"1004\"") != NULL && strstr((char *)b.data, "\"start\":11,\"end\":22") != NULL);
    apisec_buf_free(&b);
    const char broken[] = "\xff 13812345678";
    CHECK(apisec_engine_scan(e, (const uint8_t *)broken, strlen(broken), &b) == APISEC_OK);
    CHECK(strstr((char *)b.data, "\"start\":4,\"end\":15") != NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_scan(e, NULL, 0, &b) == APISEC_OK && strcmp((char *)b.data, "[]") == 0);
    apisec_buf_free(&b);
    CHECK(apisec_engine_scan(e, NULL, 3, &b) == APISEC_NULL_ARGUMENT && b.data == NULL);
    CHECK(apisec_engine_scan(e, (const uint8_t *)text, strlen(text), NULL) == APISEC_NULL_ARGUMENT);

    /* Compliance and tracing: off by default, on for every object with the switches. */
    const char phone[] = "13812345678";
    CHECK(apisec_engine_compliance(e, &b) == APISEC_OK && strstr((char *)b.data, "\"enabled\":false") != NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_trace(e, (const uint8_t *)phone, strlen(phone), &b) == APISEC_OK);
    CHECK(strstr((char *)b.data, "\"enabled\":false") != NULL && strstr((char *)b.data, "\"found\":false") != NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_set_audit_switches(NULL, true, true) == APISEC_NULL_ARGUMENT);
    CHECK(apisec_engine_set_audit_switches(e, true, true) == APISEC_OK);
    const char leak[] = "{\"ts\":1700000100,\"client_ip\":\"198.51.100.3\",\"host\":\"api.example\",\"method\":\"GET\","
                        "\"path\":\"/v1/me\",\"status\":200,\"src_country\":\"US\","
                        "\"resp_headers\":{\"Content-Type\":\"application/json\"},\"resp_body\":\"{\\\"mobile\\\":\\\"13812345678\\\"}\"}";
    CHECK(apisec_engine_ingest(e, (const uint8_t *)leak, strlen(leak)) == APISEC_OK);
    CHECK(apisec_engine_trace(e, (const uint8_t *)phone, strlen(phone), &b) == APISEC_OK);
    CHECK(strstr((char *)b.data, "\"found\":true") != NULL && strstr((char *)b.data, "/v1/me") != NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_compliance(e, &b) == APISEC_OK && strstr((char *)b.data, "\"enabled\":true") != NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_trace(e, NULL, 2, &b) == APISEC_NULL_ARGUMENT);

    /* Snapshot -> restore gives the same report; a bad snapshot is code 6. */
    apisec_buf snap = {0}, r1 = {0}, r2 = {0};
    apisec_engine *copy = NULL, *none = NULL;
    CHECK(apisec_engine_snapshot(e, &snap) == APISEC_OK && snap.len > 0);
    CHECK(apisec_engine_restore(NULL, 0, snap.data, snap.len, &copy) == APISEC_OK && copy != NULL);
    CHECK(apisec_engine_report(e, &r1) == APISEC_OK && apisec_engine_report(copy, &r2) == APISEC_OK);
    CHECK(r1.len == r2.len && memcmp(r1.data, r2.data, r1.len) == 0);
    CHECK(apisec_engine_restore(NULL, 0, (const uint8_t *)"nope", 4, &none) == APISEC_SNAPSHOT_ERROR && none == NULL);
    apisec_buf_free(&snap);
    apisec_buf_free(&r1);
    apisec_buf_free(&r2);

    /* Merge another engine's state in (the other is unchanged); merging into itself is allowed. */
    apisec_engine *other = NULL;
    const char rec2[] = "{\"ts\":1700000001,\"client_ip\":\"203.0.113.9\",\"host\":\"other.example\","
                        "\"method\":\"GET\",\"path\":\"/x\",\"status\":200}";
    CHECK(apisec_engine_new(NULL, 0, &other) == APISEC_OK);
    CHECK(apisec_engine_ingest(other, (const uint8_t *)rec2, strlen(rec2)) == APISEC_OK);
    CHECK(apisec_engine_merge(copy, other) == APISEC_OK);
    CHECK(apisec_engine_assets(copy, &b) == APISEC_OK && strstr((char *)b.data, "other.example") != NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_assets(other, &b) == APISEC_OK && strstr((char *)b.data, "api.example") == NULL);
    apisec_buf_free(&b);
    CHECK(apisec_engine_merge(copy, copy) == APISEC_OK);
    CHECK(apisec_engine_merge(copy, NULL) == APISEC_NULL_ARGUMENT);
    apisec_engine_free(other);
    apisec_engine_free(copy);

    /* Log records are handed out once. */
    CHECK(apisec_engine_drain_logs(e, &b) == APISEC_OK && b.data[0] == '[');
    apisec_buf_free(&b);
    CHECK(apisec_engine_drain_logs(e, &b) == APISEC_OK && strcmp((char *)b.data, "[]") == 0);
    apisec_buf_free(&b);

    CHECK(strlen(apisec_version()) >= 5);
    apisec_engine_free(e);

    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
