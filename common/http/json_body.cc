#include "common/http/json_body.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "common/base/coerce.h"
#include "common/base/text.h"
#include "common/base/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace earshot {
namespace {

// A body being parsed in place: RapidJSON's in-place stream under a type
// of its own, so that the string scan below applies to bodies alone.
// REQUIRES: at least 15 readable bytes after the terminating NUL.
struct BodyStream : rapidjson::InsituStringStream {
  explicit BodyStream(char* text) : rapidjson::InsituStringStream(text) {}
};

}  // namespace
}  // namespace earshot

// RapidJSON reads a string byte by byte unless built with RAPIDJSON_SSE2,
// and 1.1.0's SSE2 code (reader and writer alike) misses the control bytes
// 0x1A-0x1F, so it stays off. This scan does what the byte-wise reader's
// first steps do (stop at a quote, a backslash or a byte below 0x20;
// copy the run before it down to where unescaped text is written) 16 bytes
// at a time; the reader then goes on as it would. A body was a fifth of a
// delivery's instructions in this loop.
template <>
struct rapidjson::StreamTraits<earshot::BodyStream> {
  enum { copyOptimization = 1 };
};

template <>
template <>
void rapidjson::GenericReader<
    rapidjson::UTF8<>, rapidjson::UTF8<>,
    rapidjson::CrtAllocator>::ScanCopyUnescapedString(earshot::BodyStream& is,
                                                      earshot::BodyStream&) {
  char* p = is.src_;
  char* q = is.dst_;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1F);
  for (;;) {
    const __m128i s = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i stops = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(s, quote), _mm_cmpeq_epi8(s, backslash)),
        // s <= 0x1F, unsigned: max(s, 0x1F) == 0x1F.
        _mm_cmpeq_epi8(_mm_max_epu8(s, control), control));
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stops));
    if (mask != 0) {
      const size_t n = static_cast<size_t>(__builtin_ctz(mask));
      if (p != q) std::memmove(q, p, n);
      p += n;
      q += n;
      break;
    }
    // q trails p (escapes shrink the text): the 16 bytes go to bytes
    // already read.
    if (p != q) _mm_storeu_si128(reinterpret_cast<__m128i*>(q), s);
    p += 16;
    q += 16;
  }
#else
  while (*p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) {
    *q++ = *p++;
  }
#endif
  is.src_ = p;
  is.dst_ = q;
}

namespace earshot {

namespace {

// The code unit of the \uXXXX escape at json[i], or -1.
// REQUIRES: json[i] == '\\' and json[i + 1] == 'u'.
int EscapedUnit(std::string_view json, size_t i) {
  if (i + 6 > json.size()) return -1;
  int unit = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    int digit = HexDigitValue(json[k]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

bool IsNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
         c == 'e' || c == 'E';
}

// Reads a body again, collecting each number's text in document order: the
// reader calls a number event just after taking the number's last byte.
class NumberSpans
    : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, NumberSpans> {
 public:
  NumberSpans(std::string_view text, const rapidjson::MemoryStream* in,
              std::vector<std::string_view>* out)
      : text_(text), in_(in), out_(out) {}

  bool Default() { return true; }
  bool Int(int) { return Add(); }
  bool Uint(unsigned) { return Add(); }
  bool Int64(int64_t) { return Add(); }
  bool Uint64(uint64_t) { return Add(); }
  bool Double(double) { return Add(); }

 private:
  bool Add() {
    size_t end = in_->Tell(), begin = end;
    while (begin > 0 && IsNumberChar(text_[begin - 1])) --begin;
    out_->push_back(text_.substr(begin, end - begin));
    return true;
  }

  std::string_view text_;
  const rapidjson::MemoryStream* in_;
  std::vector<std::string_view>* out_;
};

// Every number value under `v`, in document order. Recursion is bounded by
// the depth check.
void CollectNumbers(const rapidjson::Value& v,
                    std::vector<const rapidjson::Value*>* out) {
  if (v.IsNumber()) {
    out->push_back(&v);
  } else if (v.IsArray()) {
    for (const rapidjson::Value& item : v.GetArray()) CollectNumbers(item, out);
  } else if (v.IsObject()) {
    for (const auto& m : v.GetObject()) CollectNumbers(m.value, out);
  }
}

// Builds the document from a reader's events, and stops the reader one
// level deeper than the limit: the depth check costs a counter instead of a
// second pass over the bytes, and the iterative reader never holds more
// than the limit's worth of nesting.
class DepthLimited {
 public:
  DepthLimited(rapidjson::Document* doc, int max_depth)
      : doc_(doc), max_depth_(max_depth) {}

  bool too_deep() const { return too_deep_; }

  bool Null() { return doc_->Null(); }
  bool Bool(bool b) { return doc_->Bool(b); }
  bool Int(int i) { return doc_->Int(i); }
  bool Uint(unsigned u) { return doc_->Uint(u); }
  bool Int64(int64_t i) { return doc_->Int64(i); }
  bool Uint64(uint64_t u) { return doc_->Uint64(u); }
  bool Double(double d) { return doc_->Double(d); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool copy) {
    return doc_->RawNumber(s, n, copy);
  }
  bool String(const char* s, rapidjson::SizeType n, bool copy) {
    return doc_->String(s, n, copy);
  }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) {
    return doc_->Key(s, n, copy);
  }
  bool StartObject() { return Deeper() && doc_->StartObject(); }
  bool EndObject(rapidjson::SizeType members) {
    --depth_;
    return doc_->EndObject(members);
  }
  bool StartArray() { return Deeper() && doc_->StartArray(); }
  bool EndArray(rapidjson::SizeType elements) {
    --depth_;
    return doc_->EndArray(elements);
  }

 private:
  bool Deeper() {
    if (++depth_ <= max_depth_) return true;
    too_deep_ = true;
    return false;
  }

  rapidjson::Document* doc_;
  const int max_depth_;
  int depth_ = 0;
  bool too_deep_ = false;
};

constexpr size_t kBodyPadding = 16;

// Document::Populate's generator: one parse of `text` through DepthLimited.
struct ParseWithDepthLimit {
  std::string_view text;
  int max_depth;
  rapidjson::ParseResult result;
  bool too_deep = false;

  bool operator()(rapidjson::Document& doc) {
    // See ParseJsonBody for the flags.
    DepthLimited handler(&doc, max_depth);
    // Parsed in place: strings are unescaped where they are and the
    // document points at them, instead of each being copied twice (that
    // was a fifth of a delivery's instructions). The copy lives in the
    // document's own pool, so it goes when the document does.
    // The NUL and 15 more: BodyStream's scan reads 16 bytes at a time.
    char* copy = static_cast<char*>(
        doc.GetAllocator().Malloc(text.size() + kBodyPadding));
    if (copy == nullptr) {
      result.Set(rapidjson::kParseErrorTermination, 0);
      return false;
    }
    text.copy(copy, text.size());
    std::memset(copy + text.size(), 0, kBodyPadding);
    // As Document::Parse reads: a UTF-8 byte order mark is skipped (and
    // counted in error offsets).
    const size_t bom = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    BodyStream in(copy + bom);
    rapidjson::Reader reader;
    result = reader.Parse<rapidjson::kParseIterativeFlag |
                          rapidjson::kParseInsituFlag>(in, handler);
    if (result.IsError()) result.Set(result.Code(), result.Offset() + bom);
    too_deep = handler.too_deep();
    return !result.IsError();
  }
};

}  // namespace

int JsonNestingDepth(std::string_view json, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > deepest) {
          deepest = depth;
          if (deepest > limit) return deepest;
        }
        break;
      case ']':
      case '}':
        --depth;
        break;
      default:
        break;
    }
  }
  return deepest;
}

size_t FindLoneLowSurrogate(std::string_view json) {
  // Escapes only occur in strings, and a backslash outside one is refused
  // by the parser anyway, so every backslash can be read as an escape.
  size_t i = 0, pair_at = std::string_view::npos;
  while (i + 1 < json.size()) {
    const void* p = std::memchr(json.data() + i, '\\', json.size() - i);
    if (p == nullptr) break;
    i = static_cast<const char*>(p) - json.data();
    if (i + 1 >= json.size()) break;
    if (json[i + 1] != 'u') {
      i += 2;  // a two-byte escape, such as \\ (which may precede a 'u')
      continue;
    }
    int unit = EscapedUnit(json, i);
    if (unit >= 0xDC00 && unit <= 0xDFFF && i != pair_at) return i;
    pair_at = unit >= 0xD800 && unit <= 0xDBFF ? i + 6 : std::string_view::npos;
    i += unit < 0 ? 2 : 6;
  }
  return std::string_view::npos;
}

Status ParseJsonBody(std::string_view body, int max_depth,
                     rapidjson::Document* doc) {
  size_t bad = 0;
  if (!IsValidUtf8(body, &bad)) {
    return Status::Refused(
        ApiError::kInvalidUtf8,
        "the body is not valid UTF-8 at byte " + std::to_string(bad));
  }
  // RapidJSON stops at a NUL as if the text ended there, so a NUL and
  // whatever follows it would pass unread. JSON has no place for a raw NUL.
  if (size_t nul = body.find('\0'); nul != std::string_view::npos) {
    return Status::Refused(ApiError::kInvalidJson,
                           "the body is not valid JSON: a NUL byte at byte " +
                               std::to_string(nul));
  }
  // IsValidUtf8 above already checked every byte, more strictly than
  // kParseValidateEncodingFlag would (that flag cost a quarter of a
  // request's instructions). Not kParseFullPrecisionFlag: RapidJSON 1.1.0's
  // full-precision reader has undefined behaviour on crafted numbers (clz of
  // zero for `0e40` or digits beginning with 2^64-1 and a 5, signed overflow
  // for huge exponents; found by the fuzzers). The default is a few units off
  // in the last place at worst, and text stored from a number keeps the
  // sender's digits (JsonBody::NumberText).
  ParseWithDepthLimit parse{body, max_depth, {}, false};
  doc->Populate(parse);
  if (parse.too_deep) {
    return Status::Refused(
        ApiError::kTooDeep,
        "the body nests deeper than " + std::to_string(max_depth) + " levels");
  }
  if (parse.result.IsError()) {
    rapidjson::ParseErrorCode code = parse.result.Code();
    std::string where = " at byte " + std::to_string(parse.result.Offset());
    if (code == rapidjson::kParseErrorStringInvalidEncoding) {
      return Status::Refused(ApiError::kInvalidUtf8,
                             "the body is not valid UTF-8" + where);
    }
    if (code == rapidjson::kParseErrorStringUnicodeSurrogateInvalid) {
      return Status::Refused(
          ApiError::kInvalidJson,
          "the body is not valid JSON: an unpaired surrogate escape" + where);
    }
    return Status::Refused(ApiError::kInvalidJson,
                           std::string("the body is not valid JSON: ") +
                               rapidjson::GetParseError_En(code) + where);
  }
  if (size_t lone = FindLoneLowSurrogate(body);
      lone != std::string_view::npos) {
    return Status::Refused(
        ApiError::kInvalidJson,
        "the body is not valid JSON: an unpaired surrogate escape at byte " +
            std::to_string(lone));
  }
  if (!doc->IsObject()) {
    return Status::Refused(ApiError::kNotAnObject,
                           "the body must be a JSON object");
  }
  return RefuseDuplicateMembers(*doc);
}

Status ParseJsonBody(std::string_view body, int max_depth, JsonBody* doc) {
  doc->text_ = body;
  doc->indexed_ = false;
  doc->numbers_.clear();
  return ParseJsonBody(body, max_depth, static_cast<rapidjson::Document*>(doc));
}

void JsonBody::IndexNumbers() const {
  indexed_ = true;
  if (text_.empty()) return;
  std::vector<std::string_view> spans;
  rapidjson::MemoryStream in(text_.data(), text_.size());
  NumberSpans handler(text_, &in, &spans);
  rapidjson::Reader reader;
  if (!reader.Parse<rapidjson::kParseIterativeFlag>(in, handler)) return;
  std::vector<const rapidjson::Value*> values;
  CollectNumbers(*this, &values);
  if (values.size() != spans.size()) return;  // not the text parsed
  numbers_.reserve(values.size());
  for (size_t i = 0; i < values.size(); ++i) numbers_[values[i]] = spans[i];
}

std::string JsonBody::NumberText(const rapidjson::Value& number) const {
  // A JSON integer has one spelling (no '+', no leading zeros) but for -0.
  if (number.IsInt64() && number.GetInt64() != 0) {
    return std::to_string(number.GetInt64());
  }
  if (number.IsUint64() && number.GetUint64() != 0) {
    return std::to_string(number.GetUint64());
  }
  if (!indexed_) IndexNumbers();
  auto it = numbers_.find(&number);
  if (it != numbers_.end()) return std::string(it->second);
  std::string text;
  ScalarToText(number, &text);
  return text;
}

namespace {

std::string_view NameOf(const rapidjson::Value& name) {
  return std::string_view(name.GetString(), name.GetStringLength());
}

// Objects up to this many members are checked pair by pair, without an
// allocation or a sort (most of a delivery's objects are this small).
constexpr rapidjson::SizeType kPairwiseMembers = 16;

// Of the names that repeat in `object`, the first member (in document
// order) with the smallest, or nullptr.
const rapidjson::Value* SmallestRepeatedName(const rapidjson::Value& object) {
  const rapidjson::SizeType n = object.MemberCount();
  const auto members = object.MemberBegin();
  if (n <= kPairwiseMembers) {
    const rapidjson::Value* found = nullptr;
    for (rapidjson::SizeType i = 0; i < n; ++i) {
      const std::string_view name = NameOf(members[i].name);
      if (found != nullptr && name >= NameOf(*found)) continue;
      for (rapidjson::SizeType j = i + 1; j < n; ++j) {
        if (NameOf(members[j].name) == name) {
          found = &members[i].name;
          break;
        }
      }
    }
    return found;
  }
  std::vector<std::string_view> names;
  names.reserve(n);
  for (const auto& m : object.GetObject()) names.push_back(NameOf(m.name));
  std::sort(names.begin(), names.end());
  auto same = std::adjacent_find(names.begin(), names.end());
  if (same == names.end()) return nullptr;
  for (const auto& m : object.GetObject()) {
    if (NameOf(m.name) == *same) return &m.name;
  }
  return nullptr;
}

// The first object member name that repeats within its object, looking
// through the whole document: an object's members before the object
// itself; within an object, the smallest repeated name. Recursion is
// bounded by the depth check.
const rapidjson::Value* FindDuplicateMember(const rapidjson::Value& v) {
  if (v.IsArray()) {
    for (const rapidjson::Value& item : v.GetArray()) {
      if (const rapidjson::Value* d = FindDuplicateMember(item)) return d;
    }
    return nullptr;
  }
  if (!v.IsObject()) return nullptr;
  for (const auto& m : v.GetObject()) {
    if (const rapidjson::Value* d = FindDuplicateMember(m.value)) return d;
  }
  return SmallestRepeatedName(v);
}

}  // namespace

Status RefuseDuplicateMembers(const rapidjson::Value& doc) {
  const rapidjson::Value* name = FindDuplicateMember(doc);
  if (name == nullptr) return Status::OK();
  // At most 64 bytes, cut on a character boundary: the message is stored.
  size_t n = std::min<size_t>(name->GetStringLength(), 64);
  while (n > 0 && n < name->GetStringLength() &&
         (static_cast<unsigned char>(name->GetString()[n]) & 0xC0) == 0x80) {
    --n;
  }
  std::string shown(name->GetString(), n);
  return Status::Refused(
      ApiError::kInvalidJson,
      "the body has the member \"" + shown + "\" twice in one object");
}

}  // namespace earshot
