#!/bin/sh
# No screen draws ImGui's stock controls where the app has its own calm ones (widgets.h,
# "calm controls"): InputInt/InputFloat (use stepper), Combo/BeginCombo (select /
# begin_select), RadioButton (choice, segmented), SliderInt/SliderFloat (slider_int),
# Checkbox (toggle, chip), SetTooltip/BeginTooltip (tooltip, begin_tooltip: they wait for a
# short hover). widgets_controls.cpp builds the calm controls on ImGui's and is not checked.
# A line that must keep a stock call says why in a comment containing "stock-ok:".
# Usage: no_stock_controls.sh APP_GUI_DIR
set -eu
dir=${1:?usage: no_stock_controls.sh APP_GUI_DIR}
[ -d "$dir" ] || { echo "no such folder: $dir" >&2; exit 2; }
found=$(grep -rnE 'ImGui::(InputInt|InputFloat|InputDouble|Combo|BeginCombo|RadioButton|SliderInt|SliderFloat|SliderScalar|Checkbox|SetTooltip|BeginTooltip)\b' \
          --include='*.cpp' --include='*.h' "$dir" \
        | grep -v '/widgets_controls\.cpp:' | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' | grep -v 'stock-ok:' || true)
if [ -n "$found" ]; then
  echo "stock ImGui controls where the app has its own (see widgets.h, \"calm controls\"):"
  echo "$found"
  exit 1
fi
echo "no stock ImGui controls outside widgets_controls.cpp"
