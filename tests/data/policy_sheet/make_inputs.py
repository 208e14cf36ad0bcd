#!/usr/bin/env python3
"""Writes the input files of the policy-table importer cases (tests/data/policy_sheet/).

Each case is a directory with `input.*`, `options.json` (sheet, columns) and `expected.json`.
The .xlsx workbooks are written the way Excel saves them, with the writer of the progress-sheet
cases (tests/data/progress_sheet/make_inputs.py). The goals, policies and texts are invented for
the tests. Run from the repository root:
    python3 tests/data/policy_sheet/make_inputs.py
then `TSUNAGU_UPDATE_GOLDEN=1 build/.../io_tests --gtest_filter='*PolicySheetCases*'` and read
every changed expected.json before committing it.
"""

import importlib.util
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "progress_inputs", os.path.join(HERE, "..", "progress_sheet", "make_inputs.py"))
progress_inputs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(progress_inputs)
write_xlsx = progress_inputs.write_xlsx


def case(name, options=None):
    path = os.path.join(HERE, name)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "options.json"), "w", encoding="utf-8") as f:
        json.dump(options or {}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return path


def text(path, content, encoding="utf-8"):
    with open(path, "wb") as f:
        f.write(content.encode(encoding))


# A workbook whose 基本目標 column is merged down its policies, with a title row, a sheet that
# explains the marks first, 課題 / 取組の方向 / 主な取組 for the columns and a 重点 column.
write_xlsx(os.path.join(case("merged_goal_column"), "input.xlsx"), [
    {"name": "記入例", "rows": [["● は重点施策を表します。"]]},
    {"name": "施策一覧", "rows": [
        ["架空市再犯防止推進計画 施策一覧"],
        [],
        ["基本目標", "No.", "施策", "重点", "課題", "取組の方向", "主な取組"],
        ["基本目標1 就労・住居の確保", "1", "協力雇用主の拡大", "●",
         "協力雇用主の登録が少ない。（事業所アンケート）", "・制度の周知\n・登録の支援",
         "・事業所向け説明会\n・登録手続の案内"],
        [None, "2", "住まい探しの支援", None, "保証人がいない人が多い。",
         "居住支援法人と連携する。", "・不動産店への同行"],
        ["基本目標2 保健医療・福祉サービスの利用", "1", "依存症の相談支援", "○",
         "相談につながりにくい。", "専門機関と連携する。", "・相談窓口の案内\n※ 保健所と共催"],
    ], "merges": ["A4:A5"]},
])

# A CP932 CSV as Excel saves it: goal heading rows of their own, another column order, 現状 and
# 課題 in two columns, numbers written as codes (1-2).
text(os.path.join(case("cp932_csv_goal_rows"), "input.csv"),
     "施策番号,施策名,現状,課題,施策の方向性,主な事業\r\n"
     "基本目標１　地域で支える,,,,,\r\n"
     "1-1,見守りの担い手づくり,担い手が高齢化している。,若い世代が少ない。,地域の団体を支える。,"
     "\"・見守り講座\r\n・担い手の交流会\"\r\n"
     "1-2,相談窓口の周知,窓口を知らない人が多い。,,周知を強める。,・広報紙での特集\r\n"
     "基本目標　２　立ち直りを支える,,,,,\r\n"
     "2-1,更生保護の啓発,,理解が進んでいない。,社会を明るくする運動を広げる。,・講演会\r\n",
     "cp932")

# A policy spread over three rows: the 施策 merged down, one 主な事業 per row.
write_xlsx(os.path.join(case("policy_over_several_rows"), "input.xlsx"), [
    {"name": "Sheet1", "rows": [
        ["基本目標", "施策", "施策の将来像", "主な事業"],
        ["1 誰もが働ける", "就労の場づくり", "誰もが働く場を持てている。", "職場体験"],
        [None, None, None, "就労相談会"],
        [None, None, None, "協力雇用主の表彰"],
        [None, "職業訓練の案内", None, "訓練校の見学"],
    ], "merges": ["A2:A5", "B2:B4", "C2:C4"]},
])

# Columns named by the city's own words, mapped with --column.
text(os.path.join(case("explicit_columns", {
    "columns": ["goal=柱", "policy=取組項目", "examples=具体的な事業"]}), "input.tsv"),
     "柱\t取組項目\t具体的な事業\t備考\n"
     "1 生きがいを持てる\t居場所づくり\t・サロンの開設\t\n"
     "\t学びの場\t・出前講座\t新規\n")

# A header over two rows: 基本目標 and 施策 merged down both, 現状と課題 merged across 現状 and
# 課題, and a KPI 目標値 column the policy table has no field for.
write_xlsx(os.path.join(case("two_row_merged_header"), "input.xlsx"), [
    {"name": "施策", "rows": [
        ["基本目標", "施策", "現状と課題", None, "目標値"],
        [None, None, "現状", "課題", None],
        ["1 安心して暮らせる", "見守りの輪を広げる", "見守り員が減っている。", "若い担い手がいない。", "80%"],
        [None, "相談窓口の充実", "相談件数が増えている。", None, "100件"],
    ], "merges": ["A1:A2", "B1:B2", "C1:D1", "E1:E2", "A3:A4"]},
])

# The city names its 施策 column with --column although the vocabulary knows another one.
text(os.path.join(case("chosen_over_vocabulary", {"columns": ["policy=取組名"]}), "input.tsv"),
     "基本目標\t施策\t取組名\n1 支える\t分野: 福祉\t見守り訪問\n\t分野: 福祉\t配食サービス\n")

# Refused: policies before any goal, two 課題 columns, a numbered row whose 施策 is empty.
text(os.path.join(case("broken_no_goal"), "input.tsv"),
     "No.\t施策\t施策の方向性\n1\t居場所づくり\t広げる。\n")
text(os.path.join(case("broken_two_issue_columns"), "input.tsv"),
     "基本目標\t施策\t課題\t主な課題\n1 支える\t見守り\ta\tb\n")
text(os.path.join(case("broken_numbered_row_without_policy"), "input.tsv"),
     "基本目標\tNo.\t施策\t課題\n1 支える\t1\t見守り\ta\n\t2\t\tb\n")
text(os.path.join(case("broken_bad_viewpoint_mark"), "input.tsv"),
     "基本目標\t施策\t視点①\t視点②\n1 支える\t見守り\t●\tはい？\n")
