// ApplyListenerSettings and the type descriptors: what earshotctl and the
// console both check before the database is asked.

#include "common/store/listener_settings.h"

#include <gtest/gtest.h>

#include "common/store/identify.h"
#include "common/store/listener_type.h"

namespace earshot {
namespace {

Status Create(const SettingValues& values, SettingNaming naming,
              ListenerSettings* l) {
  return ApplyListenerSettings(values, true, naming, l);
}

TEST(ListenerTypesTest, EveryTypeHasOneDescriptorWithTargetsAndSettings) {
  std::vector<ListenerType> seen;
  for (const ListenerTypeSpec* spec : ListenerTypes()) {
    EXPECT_EQ(&TypeSpec(spec->type), spec);
    EXPECT_FALSE(spec->targets.empty()) << ListenerTypeName(spec->type);
    EXPECT_NE(spec->validate, nullptr);
    EXPECT_NE(spec->load, nullptr);
    EXPECT_GT(std::string(spec->title).size(), 0u);
    for (const SettingSpec& setting : spec->settings) {
      // A type's setting never hides a common one.
      for (const SettingSpec& common : CommonSettings()) {
        EXPECT_STRNE(setting.option, common.option);
      }
    }
    seen.push_back(spec->type);
  }
  EXPECT_EQ(seen.size(), 3u);
}

TEST(ListenerTypesTest, OnlyDataListenersServeProjects) {
  for (const ListenerTypeSpec* spec : ListenerTypes()) {
    bool projects = false;
    for (TargetKind kind : spec->targets) {
      projects = projects || kind == TargetKind::kProjects;
    }
    EXPECT_EQ(projects, spec->type == ListenerType::kData);
  }
}

TEST(ListenerSettingsTest, AppliesACommentListenersSettings) {
  ListenerSettings l;
  Status s = Create({{"type", "comment"},
                     {"target", "feedback"},
                     {"api-key", "jira"},
                     {"comment-field", "/comment/body"},
                     {"author-field", "/comment/author/emailAddress"},
                     {"popularity-weight", "3"},
                     {"signature", "token"},
                     {"secret", "0123456789abcdef0123"},
                     {"secret", "fedcba9876543210fedc"},
                     {"name", "Jira comments"}},
                    SettingNaming::kOption, &l);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(l.type, ListenerType::kComment);
  EXPECT_EQ(l.target, TargetKind::kFeedback);
  EXPECT_EQ(l.comment_field, "/comment/body");
  EXPECT_EQ(l.author_field, "/comment/author/emailAddress");
  EXPECT_EQ(l.popularity_weight, 3);
  EXPECT_EQ(l.scheme, SignatureScheme::kToken);
  EXPECT_EQ(l.secrets.size(), 2u);
  EXPECT_EQ(l.name, "Jira comments");
  EXPECT_EQ(l.identify, DefaultIdentify(TargetKind::kFeedback));
}

TEST(ListenerSettingsTest, AnotherTypesSettingNamesItsType) {
  ListenerSettings l;
  Status s = Create({{"type", "comment"},
                     {"target", "users"},
                     {"api-key", "k"},
                     {"group", "jira"}},
                    SettingNaming::kOption, &l);
  EXPECT_EQ(s.message(), "--group is only for data listeners");
  l = ListenerSettings();
  s = Create(
      {{"type", "data"}, {"target", "users"}, {"api-key", "k"}, {"macro", "m"}},
      SettingNaming::kLabel, &l);
  EXPECT_EQ(s.message(), "Macro is only for macro listeners");
}

TEST(ListenerSettingsTest, AlternativesAreRefusedTogether) {
  ListenerSettings l;
  Status s = Create({{"type", "comment"},
                     {"target", "users"},
                     {"api-key", "k"},
                     {"author", "a@example.com"},
                     {"author-field", "/a"}},
                    SettingNaming::kOption, &l);
  EXPECT_EQ(s.message(), "give --author-field or --author, not both");
}

TEST(ListenerSettingsTest, MessagesNameTheSettingAsTheCallerShowsIt) {
  ListenerSettings l;
  const SettingValues bad = {{"type", "comment"},
                             {"target", "users"},
                             {"api-key", "k"},
                             {"comment-field", "no-slash"}};
  EXPECT_EQ(Create(bad, SettingNaming::kOption, &l).message(),
            "invalid --comment-field 'no-slash': expected a JSON Pointer "
            "such as /comment/body");
  l = ListenerSettings();
  EXPECT_EQ(Create(bad, SettingNaming::kLabel, &l).message(),
            "invalid Comment field 'no-slash': expected a JSON Pointer such "
            "as /comment/body");
}

TEST(ListenerSettingsTest, UpdatesKeepTypeAndTarget) {
  ListenerSettings l;
  l.type = ListenerType::kData;
  Status s = ApplyListenerSettings({{"target", "feedback"}}, false,
                                   SettingNaming::kOption, &l);
  EXPECT_TRUE(s.IsInvalid());
  s = ApplyListenerSettings({{"filter", "score > 3"}}, false,
                            SettingNaming::kOption, &l);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(l.filter, "score > 3");
}

TEST(ListenerSettingsTest, SecretsNeedASignatureAndAreCheckedEach) {
  ListenerSettings l;
  Status s = Create({{"type", "data"},
                     {"target", "users"},
                     {"api-key", "k"},
                     {"secret", "0123456789abcdef0123"}},
                    SettingNaming::kOption, &l);
  EXPECT_TRUE(s.IsInvalid());
  l = ListenerSettings();
  s = Create({{"type", "data"},
              {"target", "users"},
              {"api-key", "k"},
              {"signature", "github"},
              {"secret", "0123456789abcdef0123"},
              {"secret", "short"}},
             SettingNaming::kOption, &l);
  EXPECT_NE(s.message().find("--secret is too short"), std::string::npos)
      << s.message();
}

TEST(ListenerSettingsTest, PopularityWeightIsOnlyForFeedback) {
  ListenerSettings l;
  Status s = Create({{"type", "comment"},
                     {"target", "users"},
                     {"api-key", "k"},
                     {"popularity-weight", "2"}},
                    SettingNaming::kOption, &l);
  EXPECT_EQ(s.message(),
            "--popularity-weight is only for comment listeners on feedback");
}

TEST(ListenerSettingsTest, ShownSettingsFollowTheListener) {
  ListenerSettings l;
  l.type = ListenerType::kComment;
  l.target = TargetKind::kUsers;
  l.author_email = "a@example.com";
  std::vector<std::string> shown;
  for (const SettingSpec& spec : TypeSpec(l.type).settings) {
    if (spec.applies == nullptr || spec.applies(l))
      shown.push_back(spec.option);
  }
  EXPECT_EQ(shown, (std::vector<std::string>{"comment-field", "author"}));
}

}  // namespace
}  // namespace earshot
