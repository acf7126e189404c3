// earshotctl metrics token: a new token for /admin/metrics (Prometheus'
// `authorization: credentials`), printed once; it replaces the previous
// one, which stops working at once. Only its hash is stored.

#include <string>
#include <vector>

#include "common/auth/metrics_token.h"
#include "tools/earshotctl/command.h"
#include "tools/earshotctl/json.h"

namespace earshot::ctl {

namespace {

Status Token(Context* ctx, const Args&) {
  Connection* db;
  Status s = ctx->Db(&db);
  if (!s.ok()) return s;
  std::string token;
  s = GenerateMetricsToken(&token);
  if (!s.ok()) return s;
  s = db->Run(
      "INSERT INTO metrics_token (id, token_hash, created_at) "
      "VALUES (1, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE "
      "token_hash = VALUES(token_hash), created_at = VALUES(created_at)",
      {SqlParam::Blob(HashMetricsToken(token))}, nullptr);
  if (!s.ok()) return s;
  const char* kNote =
      "Prometheus sends it as `Authorization: Bearer TOKEN` to "
      "/admin/metrics. It is shown only now: earshot keeps only its hash. "
      "The previous token no longer works.";
  if (ctx->json()) {
    rapidjson::Document doc(rapidjson::kObjectType);
    auto& alloc = doc.GetAllocator();
    Put(&doc, "token", token, alloc);
    Put(&doc, "note", kNote, alloc);
    ctx->out()->PrintJson(doc);
  } else {
    ctx->out()->Print("Metrics token:\n\n  " + token + "\n\n" + kNote + "\n");
  }
  return Status::OK();
}

}  // namespace

void AddMetricsCommands(std::vector<Command>* commands) {
  commands->push_back({"metrics token", "",
                       "a new token for /admin/metrics, printed this once; "
                       "replaces the old one",
                       "", 0, 0, Token});
}

}  // namespace earshot::ctl
