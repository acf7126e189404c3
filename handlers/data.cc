// The data listener: stores typed values from the payload in one external
// data group, on every target the delivery names. Each field of the group
// reads its JSON Pointer; an absent value leaves the field as it was, a
// null clears it, and a value of the wrong type refuses the whole delivery
// (422, naming the field) before anything is written.

#include "common/pipeline/server.h"
#include "common/store/data_values.h"

namespace earshot {
namespace {

class StoreData : public Action {
 public:
  explicit StoreData(std::vector<DataUpdate> updates)
      : updates_(std::move(updates)) {}

  Status Apply(Connection* db, const std::vector<int64_t>& targets) override {
    return WriteDataUpdates(db, targets, updates_);
  }

 private:
  const std::vector<DataUpdate> updates_;
};

Status Prepare(const Delivery& delivery, std::unique_ptr<Action>* action) {
  std::vector<DataUpdate> updates;
  Status s = ReadDataUpdates(
      delivery.listener.group_name, delivery.listener.fields,
      delivery.listener.field_pointers, delivery.body, &updates);
  if (!s.ok()) return s;
  *action = std::make_unique<StoreData>(std::move(updates));
  return Status::OK();
}

}  // namespace
}  // namespace earshot

int main(int argc, char** argv) {
  return earshot::ServeListener(earshot::ListenerType::kData,
                                earshot::Prepare, argc, argv);
}
