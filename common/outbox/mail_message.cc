#include "common/outbox/mail_message.h"

#include <ctime>

#include "common/auth/crypto.h"

namespace earshot {

namespace {

bool IsAsciiPrintable(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) return false;
  }
  return true;
}

// Lines end in CRLF, whatever they ended in.
std::string CrLf(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

bool NeedsEncoding(std::string_view crlf_text) {
  size_t line = 0;
  for (size_t i = 0; i < crlf_text.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(crlf_text[i]);
    if (u == '\r' || u == '\n') {
      line = 0;
      continue;
    }
    if (u >= 0x7f || (u < 0x20 && u != '\t')) return true;
    if (++line > 998) return true;
  }
  return false;
}

std::string Domain(const std::string& from) {
  size_t at = from.rfind('@');
  std::string d = at == std::string::npos ? "" : from.substr(at + 1);
  while (!d.empty() && d.back() == '>') d.pop_back();
  return d.empty() ? "earshot.invalid" : d;
}

}  // namespace

std::string Rfc5322Date(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s, %02d %s %04d %02d:%02d:%02d +0000",
                kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string EncodeHeaderWords(std::string_view text) {
  if (IsAsciiPrintable(text)) return std::string(text);
  // 45 bytes encode to 60 base64 characters: 72 with "=?UTF-8?B?" "?=".
  constexpr size_t kChunk = 45;
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(text.size(), pos + kChunk);
    // Never split a UTF-8 sequence between two words.
    while (end < text.size() && end > pos &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (end == pos) end = std::min(text.size(), pos + kChunk);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  size_t line = 0;
  auto emit = [&](const std::string& piece) {
    if (line + piece.size() > 75) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(text[i]);
    if (u == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      out += "\r\n";
      line = 0;
      ++i;
      continue;
    }
    bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r';
    bool literal = (u >= 33 && u <= 126 && u != '=') ||
                   ((u == ' ' || u == '\t') && !at_line_end);
    if (literal) {
      emit(std::string(1, static_cast<char>(u)));
    } else {
      emit(std::string{'=', kHex[u >> 4], kHex[u & 15]});
    }
  }
  return out;
}

std::string FormatMail(const MailMessage& m) {
  std::string body = CrLf(m.body);
  bool encode = NeedsEncoding(body);
  std::string out;
  out += "From: " + m.from + "\r\n";
  out += "To: " + m.to + "\r\n";
  out += "Subject: " + EncodeHeaderWords(m.subject) + "\r\n";
  out += "Date: " + Rfc5322Date(m.date_unix) + "\r\n";
  out += "Message-ID: <" + m.message_id + "@" + Domain(m.from) + ">\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += std::string("Content-Transfer-Encoding: ") +
         (encode ? "quoted-printable" : "7bit") + "\r\n";
  out += "\r\n";
  out += encode ? QuotedPrintable(body) : body;
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) {
    out += "\r\n";
  }
  return out;
}

}  // namespace earshot
