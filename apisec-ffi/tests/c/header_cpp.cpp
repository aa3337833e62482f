// The header must compile as C++ (extern "C", no C-only constructs) and link.
#include "apisec.h"

#include <cstdio>
#include <cstring>

int main() {
    apisec_engine *e = nullptr;
    if (apisec_engine_new(nullptr, 0, &e) != APISEC_OK) return 1;
    const char rec[] = "{\"ts\":1700000000,\"client_ip\":\"192.0.2.1\",\"host\":\"h.test\",\"method\":\"GET\",\"path\":\"/\"}";
    apisec_result rc = apisec_engine_ingest(e, reinterpret_cast<const uint8_t *>(rec), std::strlen(rec));
    apisec_buf b{};
    if (rc == APISEC_OK) rc = apisec_engine_assets(e, &b);
    std::printf("c++: %s\n", rc == APISEC_OK ? "ok" : "failed");
    apisec_buf_free(&b);
    apisec_engine_free(e);
    return rc == APISEC_OK ? 0 : 1;
}
