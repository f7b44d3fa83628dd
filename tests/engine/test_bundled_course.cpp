// The bundled course is complete: its shape, its scripts and its safety content.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "kindly/loader.h"
#include "kindly/timeline.h"

using namespace kindly;

namespace {

const Course& bundled() {
  static LoadResult r = load_course(KINDLY_BUNDLED_COURSE);
  REQUIRE_MESSAGE(r.course, "the bundled course does not load");
  return *r.course;
}

std::size_t words(const std::string& text) {
  std::istringstream in(text);
  std::size_t n = 0;
  std::string w;
  while (in >> w)
    if (std::any_of(w.begin(), w.end(), [](unsigned char c) { return std::isalpha(c); })) ++n;
  return n;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool mentions(const std::string& text, const std::string& what) {
  return lower(text).find(lower(what)) != std::string::npos;
}

// An exit: a step that tells the user how to stop and come back to the room.
bool offers_exit(const Practice& p) {
  return std::any_of(p.script.begin(), p.script.end(), [](const ScriptStep& s) {
    return mentions(s.text, "open your eyes") || mentions(s.text, "come back to it") ||
           mentions(s.text, "come back to this") || mentions(s.text, "stop here") ||
           mentions(s.text, "stop at any") ||
           // the Spanish course
           mentions(s.text, "abre los ojos") || mentions(s.text, "abrir los ojos") ||
           mentions(s.text, "parar aqu") || mentions(s.text, "para aqu") ||
           mentions(s.text, "vuelve en otro momento") ||
           mentions(s.text, "volver a esto en otro momento");
  });
}

}  // namespace

TEST_CASE("bundled course: eight weeks in MSC's order and an optional retreat after week 4") {
  const Course& c = bundled();
  REQUIRE(c.week_count() == 8);
  const char* titles[] = {"Discovering Mindful Self-Compassion",
                          "Practising Mindfulness",
                          "Practising Loving-Kindness",
                          "Discovering Your Compassionate Voice",
                          "Living Deeply",
                          "Meeting Difficult Emotions",
                          "Exploring Challenging Relationships",
                          "Embracing Your Life"};
  for (int n = 1; n <= 8; ++n) {
    INFO("week " << n);
    REQUIRE(c.week(n));
    CHECK(c.week(n)->title == titles[n - 1]);
  }
  std::vector<const Module*> optional;
  for (const auto& m : c.modules)
    if (m.optional) optional.push_back(&m);
  REQUIRE(optional.size() == 1);
  CHECK(optional[0]->after_week == 4);
  for (const auto& it : optional[0]->items) CHECK_FALSE(it.required);
}

TEST_CASE(
    "bundled course: every week has a reading, practices with scripts, prompts, homework, a "
    "check-in") {
  const Course& c = bundled();
  for (int n = 1; n <= 8; ++n) {
    const Module& w = *c.week(n);
    INFO("week " << n);
    CHECK(words(w.reading) >= 500);
    int practices = 0, prompts = 0, homework = 0, checkins = 0, required = 0;
    for (const auto& it : w.items) {
      if (it.required) ++required;
      if (it.kind == ItemKind::Meditation || it.kind == ItemKind::Informal) {
        const Practice* p = c.practice(it.practice);
        REQUIRE(p);
        if (!p->script.empty()) ++practices;
      }
      if (it.kind == ItemKind::Reflection) prompts += static_cast<int>(it.prompts.size());
      if (it.kind == ItemKind::Homework) ++homework;
      if (it.kind == ItemKind::Checkin) ++checkins;
    }
    CHECK(practices >= 2);
    CHECK(practices <= 4);
    CHECK(prompts >= 3);
    CHECK(homework >= 1);
    CHECK(checkins == 1);
    CHECK(required >= 1);
  }
}

TEST_CASE("bundled course: homework asks for practice on a number of days, never every day") {
  const Course& c = bundled();
  for (int n = 1; n <= 8; ++n) {
    INFO("week " << n);
    bool has_days_target = false;
    for (const auto& it : c.week(n)->items)
      if (it.target && it.target->type == HomeworkTarget::Type::PracticeDays) {
        has_days_target = true;
        CHECK(it.target->days < 7);
        CHECK(c.practice(it.target->practice));
        CHECK_FALSE(mentions(it.text + it.title, "streak in a row"));
      }
    CHECK(has_days_target);
  }
}

// Both bundled courses, English and Spanish: every practice's timeline (the words spoken at the
// course's rate, then each pause) lands within 10% of its stated minutes.
TEST_CASE(
    "bundled course: formal scripts have steps, an exit, and a timeline within 10% of their "
    "minutes, speech included") {
  for (const std::string& dir :
       {std::string(KINDLY_BUNDLED_COURSE), std::string(KINDLY_BUNDLED_COURSE) + "-es"}) {
    INFO("course " << dir);
    LoadResult loaded = load_course(dir);
    REQUIRE(loaded.course);
    const Course& c = *loaded.course;
    int formal = 0;
    for (const auto& [id, p] : c.practices) {
      INFO("practice " << id);
      REQUIRE_FALSE(p.script.empty());
      const double stated = p.minutes * 60.0, paced = make_timeline(c, p).total_s;
      CHECK(std::abs(paced - stated) * 10 <= stated);
      // No pause shorter than the time to say its step (CONTENT.md): whoever reads the text
      // on screen instead of hearing it gets at least that long with it after the words.
      for (const TimelineStep& st : make_timeline(c, p).steps) {
        INFO("step at " << st.start_s << " s");
        CHECK(st.pause_s + 0.5 >= st.speech_s);
      }
      if (p.kind == ItemKind::Meditation) {
        ++formal;
        CHECK(p.minutes >= 10);
        CHECK(p.minutes <= 30);
        CHECK(p.script.size() >= 8);
        CHECK(offers_exit(p));
      } else {
        CHECK(p.minutes >= 1);
        CHECK(p.minutes <= 5);
      }
    }
    CHECK(formal >= 12);
  }
}

TEST_CASE("bundled course: the core meditations and CFT practices are there") {
  const Course& c = bundled();
  for (const char* id : {"affectionate-breathing", "loving-kindness-for-ourselves",
                         "giving-and-receiving-compassion", "soothing-rhythm-breathing",
                         "safe-place", "compassionate-friend", "compassionate-self",
                         "compassionate-letter", "self-compassion-break", "soles-of-the-feet"}) {
    INFO(id);
    CHECK(c.practice(id));
  }
  const Practice* srb = c.practice("soothing-rhythm-breathing");
  REQUIRE(srb);
  REQUIRE(srb->pacer);
  double per_minute = 60.0 / srb->pacer->cycle_s();
  CHECK(per_minute >= 5.0);
  CHECK(per_minute <= 6.5);
}

TEST_CASE("bundled course: safety — backdraft, grounding from week 1, resources, honesty") {
  const Course& c = bundled();
  CHECK(mentions(c.week(1)->reading, "backdraft"));
  CHECK(mentions(c.week(2)->reading, "backdraft"));
  // Soles of the feet is offered in week 1 and is the grounding practice for pacing.
  bool feet_in_week1 = false;
  for (const auto& it : c.week(1)->items)
    if (it.practice == "soles-of-the-feet") feet_in_week1 = true;
  CHECK(feet_in_week1);
  CHECK(c.pacing.grounding_practice == "soles-of-the-feet");
  CHECK(c.practice("soles-of-the-feet")->grounding);
  // Practices likely to stir old pain name it before they start.
  for (const char* id : {"loving-kindness-for-ourselves", "compassionate-letter",
                         "giving-and-receiving-compassion", "soften-soothe-allow"}) {
    INFO(id);
    CHECK(mentions(c.practice(id)->caution, "backdraft"));
  }
  std::set<std::string> countries;
  for (const auto& l : c.resources.crisis_lines) countries.insert(l.code);
  CHECK(countries.size() >= 5);
  CHECK(mentions(c.resources.text, "therapist"));
  CHECK(mentions(c.welcome, "not therapy"));
  CHECK(mentions(c.welcome, "Center for"));
}

TEST_CASE("bundled course: the weekly check-in asks the same questions every week") {
  const Course& c = bundled();
  const Checkin* first = nullptr;
  for (int n = 1; n <= 8; ++n)
    for (const auto& it : c.week(n)->items)
      if (it.checkin) {
        INFO("week " << n);
        if (!first) {
          first = &*it.checkin;
          CHECK(first->questions.size() >= 4);
          continue;
        }
        REQUIRE(it.checkin->questions.size() == first->questions.size());
        for (std::size_t q = 0; q < first->questions.size(); ++q) {
          CHECK(it.checkin->questions[q].id == first->questions[q].id);
          CHECK(it.checkin->questions[q].text == first->questions[q].text);
          CHECK(it.checkin->questions[q].reverse == first->questions[q].reverse);
        }
      }
  REQUIRE(first);
}
