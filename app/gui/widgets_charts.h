// Charts for the progress and check-in screens, drawn with ImDrawList from kindly::chart_data()
// (charts.h). Each draws at the cursor, `width` wide, and reserves its height in the layout.
#pragma once

#include <imgui.h>

#include <vector>

#include "fonts.h"
#include "kindly/charts.h"

namespace kindly::gui {

// A heat-map cell's fill for a level of minutes (0 none .. 4 the most), and the colour its
// day number is written in: whichever of text and accent_text reads better on it.
ImVec4 heat_level_color(int level);
ImVec4 heat_number_color(int level);

// Minutes per day as a calendar: one row per week (Monday first), a cell per day shaded by
// minutes, the day of the month in it, month labels at the left, a legend below.
void draw_heat_map(const HeatMap& h, const Fonts& f, float width);
// Formal and informal minutes per module: two bars per week with their values.
void draw_week_bars(const std::vector<WeekMinutes>& weeks, const Fonts& f, float width);
// Check-in scores per subscale across the weeks: lines with points, a legend.
void draw_checkin_lines(const CheckinChart& c, const Fonts& f, float width);
// A check-in subscale as a reader sees it: the course's key with its '-' and '_' as spaces and
// a capital first letter ("common-humanity" -> "Common humanity"); `whole` when it has none.
std::string subscale_name(const std::string& subscale, const std::string& whole);
// Required items done per module: a labelled bar per row.
void draw_completion(const std::vector<WeekCompletion>& rows, const Fonts& f, float width);

}  // namespace kindly::gui
