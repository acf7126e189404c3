// Emails as the outbox sends them: one RFC 5322 message, plain text in
// UTF-8, ready for SMTP or for a .eml file. Header values never carry a
// line break from a template (the subject is one line, or RFC 2047
// encoded words when it is not ASCII); the body is 7bit when it can be and
// quoted-printable otherwise, with CRLF line ends throughout.
//
// Thread-safety: pure functions.

#ifndef EARSHOT_COMMON_OUTBOX_MAIL_MESSAGE_H_
#define EARSHOT_COMMON_OUTBOX_MAIL_MESSAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace earshot {

struct MailMessage {
  std::string from;
  std::string to;
  std::string subject;
  std::string body;
  std::string message_id;  // "msg_..."; becomes <msg_...@DOMAIN-OF-FROM>
  int64_t date_unix = 0;
};

// The whole message, headers and body.
std::string FormatMail(const MailMessage& mail);

// "Fri, 27 Nov 2026 10:00:00 +0000".
std::string Rfc5322Date(int64_t unix_seconds);

// RFC 2047 "B" encoded words for a non-ASCII header value, each at most
// 75 characters, folded with CRLF SP; ASCII text comes back as it is.
std::string EncodeHeaderWords(std::string_view text);

// Quoted-printable (RFC 2045) of text with CRLF line ends: lines at most
// 76 characters, soft breaks as "=\r\n".
std::string QuotedPrintable(std::string_view text);

}  // namespace earshot

#endif  // EARSHOT_COMMON_OUTBOX_MAIL_MESSAGE_H_
