#!/usr/bin/env python3
"""Writes the input files of the progress-sheet importer cases (tests/data/progress_sheet/).

Each case is a directory with `input.*`, `options.json` and `expected.json`. This script writes
the inputs that are made here: .xlsx workbooks in the form Excel saves them (shared strings,
merged ranges, several sheets, a hidden one), CSV in CP932 or UTF-8, and TSV. The cases
`libreoffice_*` and `legacy_xls` were then saved by LibreOffice Calc 7.4 from the workbook
named in their README, and `libxlsxwriter_export` was written by `tsunagu export
progress-sheet`; those files are kept as they came and are not rewritten here.

The projects, departments and texts are invented for the tests. Run from the repository root:
    python3 tests/data/progress_sheet/make_inputs.py
then `TSUNAGU_UPDATE_GOLDEN=1 build/.../io_tests --gtest_filter='ProgressSheetCases*'` and
read every changed expected.json before committing it.
"""

import json
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))


def col_letters(index):
    letters = ""
    n = index + 1
    while n > 0:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def write_xlsx(path, sheets):
    """sheets: list of dicts {name, rows: [[cell or None]], merges: ["A1:B2"], hidden}."""
    strings, index = [], {}

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    sheet_xml = []
    for sheet in sheets:
        rows_xml = []
        for r, row in enumerate(sheet["rows"], start=1):
            cells = []
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                ref = f"{col_letters(c)}{r}"
                if isinstance(value, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="s"><v>{sst(value)}</v></c>')
            if cells:
                rows_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
        merges = sheet.get("merges", [])
        merge_xml = ""
        if merges:
            merge_xml = f'<mergeCells count="{len(merges)}">' + "".join(
                f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
        sheet_xml.append(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheetData>{"".join(rows_xml)}</sheetData>{merge_xml}</worksheet>')

    sheets_list = "".join(
        f'<sheet name="{escape(s["name"])}" sheetId="{i + 1}" r:id="rId{i + 1}"'
        + (' state="hidden"' if s.get("hidden") else "") + "/>"
        for i, s in enumerate(sheets))
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets_list}</sheets></workbook>")
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
    n = len(sheets)
    rels += (f'<Relationship Id="rId{n + 1}" '
             'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'sharedStrings" Target="sharedStrings.xml"/>'
             f'<Relationship Id="rId{n + 2}" '
             'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
             'Target="styles.xml"/>')
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>")
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
        + "</sst>")
    styles = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="1"><font><sz val="11"/><name val="Yu Gothic"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
        'xfId="0"/></cellXfs></styleSheet>')
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.styles+xml"/>{overrides}</Types>')
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels),
                           ("xl/workbook.xml", workbook),
                           ("xl/_rels/workbook.xml.rels", workbook_rels),
                           ("xl/sharedStrings.xml", shared), ("xl/styles.xml", styles)]:
            z.writestr(zipfile.ZipInfo(name, (2024, 4, 1, 0, 0, 0)), data)
        for i, xml in enumerate(sheet_xml):
            z.writestr(zipfile.ZipInfo(f"xl/worksheets/sheet{i + 1}.xml", (2024, 4, 1, 0, 0, 0)),
                       xml)


def write_text(path, rows, delimiter, encoding, bom=False):
    def quote(cell):
        cell = "" if cell is None else str(cell)
        if any(ch in cell for ch in (delimiter, '"', "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell
    text = "\r\n".join(delimiter.join(quote(c) for c in row) for row in rows) + "\r\n"
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def case(name, options, make):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    make(d)
    with open(os.path.join(d, "options.json"), "w", encoding="utf-8") as f:
        json.dump(options, f, ensure_ascii=False, indent=1)
        f.write("\n")


# ---- layouts that import ------------------------------------------------------------------

# A city evaluating 達成度 1–5, saved from Excel as CSV (CP932) under two title rows.
CP932_ROWS = [
    ["令和6年度 再犯防止推進計画 事務事業評価表"],
    ["（評価：5 達成 4 おおむね達成 3 一部達成 2 未達成 1 未着手）"],
    [],
    ["事務事業名", "所管課", "達成度", "取組実績", "今後の方向性"],
    ["協力雇用主の開拓", "商工振興課", "5", "協力雇用主説明会を2回開催した。", "継続して実施する。"],
    ["住まいの相談窓口", "住宅政策課", "４", "相談を受け付けた。", "関係機関と連携する。"],
    ["更生保護の広報", "市民協働課", "3（一部達成）", "広報紙に記事を掲載した。", "掲載回数を増やす。"],
    ["再犯防止の研修", "人事課", "2", "職員研修を1回実施した。", "内容を見直す。"],
    ["薬物乱用防止教室", "学校教育課", "1", "実施できなかった。", "次年度は実施する。"],
]

# A workbook whose first sheet explains the criteria; the data sheet has a 施策 column merged
# down its projects and project numbers such as 0704-01.
LEGEND_SHEETS = [
    {"name": "評価基準", "rows": [
        ["評価の基準"],
        ["A", "目標を達成した"],
        ["B", "目標をおおむね達成した"],
        ["C", "目標を達成できなかった"],
    ]},
    {"name": "R5評価", "rows": [
        ["令和5年度 再犯防止施策 評価シート"],
        [],
        ["施策", "No.", "事業名", "所管課", "事業概要", "R5実績", "評価", "今後の方向性"],
        ["(1)就労・住居の確保", "0704-01", "就労相談会の開催", "産業政策課", "相談会を開く。",
         "年4回開催した。", "A", "継続する。"],
        [None, "0704-02", "市営住宅の情報提供", "住宅課", "募集情報を提供する。",
         "窓口で案内した。", "B", "継続する。"],
        [None, "0704-03", "職業訓練の案内", "産業政策課", "訓練を案内する。",
         "チラシを配布した。", "A", "拡充する。"],
        ["(2)保健医療・福祉サービスの利用促進", "0705-01", "高齢者の相談支援", "高齢者支援課",
         "地域包括支援センターで相談を受ける。", "相談に応じた。", "A", "継続する。"],
        [None, "0705-02", "障がい福祉サービスの案内", "障がい福祉課", "サービスを案内する。",
         "案内を行った。", "C", "周知を強める。"],
    ], "merges": ["A4:A6", "A7:A8"]},
]

# 目標に対する評価 written "A 達成した", a 所管課 merged over two projects, columns the plan has
# no field for (妥当性, 有効性), a header year 令和4年度実績.
LABEL_ROWS = [
    ["施策の評価（令和4年度）"],
    ["事業", "所管課", "令和4年度実績", "目標に対する評価", "妥当性", "有効性", "今後の取組"],
    ["見守り訪問", "福祉総務課", "月1回訪問した。", "A 達成した", "高い", "高い", "継続"],
    ["居場所づくり", "福祉総務課", "2か所で開いた。", "Ｂ（おおむね達成した）", "高い", "中", "拡充"],
    ["薬物相談", "保健センター", "相談日を設けた。", "c", "中", "低い", "見直し"],
    ["非行防止の啓発", "青少年課", "街頭啓発を行った。", "A（達成した）", "高い", "中", "継続"],
]

# A header on two rows: 事業名 and 担当課 merged down, 令和6年度 merged across 評価 and 実績.
TWO_ROW_SHEETS = [{"name": "進行管理", "rows": [
    ["番号", "事業名", "担当課", "令和6年度", None, "次年度実施予定"],
    [None, None, None, "評価", "実施内容", None],
    [1, "更生保護サポートセンターの運営", "地域福祉課", "A", "運営を支援した。", "継続する。"],
    [2, "社会を明るくする運動", "地域福祉課", "A", "街頭広報を行った。", "継続する。"],
    [3, "就労支援の連携", "商工課", "B", "ハローワークと協議した。", "会議を定例化する。"],
], "merges": ["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2"]}]

# Headers the vocabulary does not know, named with --column.
EXPLICIT_ROWS = [
    ["取組の名称", "担当セクション", "自己採点", "やったこと"],
    ["地域の見守り", "地域支援室", "A", "見守り員を増やした。"],
    ["相談会", "地域支援室", "B", "相談会を開いた。"],
]

# A 平成 sheet whose headers write the year without its era.
HEISEI_ROWS = [
    ["平成28年度 進行管理表"],
    ["事業", "担当課", "28年度評価", "28年度実績", "29年度実施予定"],
    ["協力雇用主への情報提供", "商工観光課", "A(予定通り進行)", "情報提供を行った。", "継続"],
    ["保護司活動の支援", "総務課", "D(その他)", "該当なし", "継続"],
]

# Budget columns in 千円 and in 円, and extra columns (計画目標, 効果又は評価の理由).
BUDGET_ROWS = [
    ["事業名", "担当課", "評価", "予算額（千円）", "決算額（円）", "計画目標", "効果又は評価の理由"],
    ["就労準備支援", "生活支援課", "A", "1,200", "1,150,000", "参加者20人", "目標を上回った。"],
    ["住居確保給付金", "生活支援課", "B", "3400", "2,980,400", "支給50件", "申請が減った。"],
    ["更生保護女性会への助成", "地域福祉課", "A", "－", "", "助成1件", "計画通り。"],
]

# A printed sheet: the header repeated at the top of each page, blank rows between.
REPEATED_ROWS = [
    ["事業", "担当課", "R6評価", "R6実施内容"],
    ["事業その1", "総務課", "A", "実施した。"],
    ["事業その2", "総務課", "B", "一部実施した。"],
    [],
    ["事業", "担当課", "R6評価", "R6実施内容"],
    ["事業その3", "福祉課", "A", "実施した。"],
]

# ---- broken files -------------------------------------------------------------------------

NO_HEADER_ROWS = [
    ["会議の記録"],
    ["日時", "場所", "出席者"],
    ["4月1日", "会議室", "5名"],
]

TWO_GRADE_ROWS = [
    ["事業名", "担当課", "評価", "達成度"],
    ["事業その1", "総務課", "A", "5"],
]

MERGED_HEADER_SHEETS = [{"name": "Sheet1", "rows": [
    ["事業名", "担当課", "評価", None, "実施内容"],
    ["事業その1", "総務課", "A", "B", "実施した。"],
], "merges": ["C1:D1"]}]

OFF_SCALE_ROWS = [
    ["事業名", "担当課", "評価", "実施内容"],
    ["事業その1", "総務課", "A", "実施した。"],
    ["事業その2", "総務課", "E", "実施した。"],
]

WRONG_YEAR_ROWS = [
    ["事業名", "担当課", "R5評価", "R5実施内容"],
    ["事業その1", "総務課", "A", "実施した。"],
]


def main():
    case("cp932_csv_grades_1_to_5", {"year": "R6", "preset": "five"},
         lambda d: write_text(os.path.join(d, "input.csv"), CP932_ROWS, ",", "cp932"))
    case("legend_sheet_first_merged_policy",
         {"year": "R5", "grades": ["A=目標を達成した", "B=目標をおおむね達成した",
                                   "C=目標を達成できなかった"]},
         lambda d: write_xlsx(os.path.join(d, "input.xlsx"), LEGEND_SHEETS))
    case("label_forms_merged_department",
         {"year": "R4", "sheet": "評価",
          "grades": ["A=達成した", "B=おおむね達成した", "C=達成できなかった"]},
         lambda d: write_xlsx(os.path.join(d, "input.xlsx"), [
             {"name": "評価", "rows": LABEL_ROWS, "merges": ["B3:B4"]}]))
    case("two_row_header", {"year": "R6"},
         lambda d: write_xlsx(os.path.join(d, "input.xlsx"), TWO_ROW_SHEETS))
    case("explicit_columns",
         {"year": "R6", "preset": "abc",
          "columns": ["name=取組の名称", "departments=担当セクション", "grade=自己採点",
                      "done=やったこと"]},
         lambda d: write_text(os.path.join(d, "input.tsv"), EXPLICIT_ROWS, "\t", "utf-8"))
    case("heisei_era_less_year", {"year": "H28"},
         lambda d: write_text(os.path.join(d, "input.tsv"), HEISEI_ROWS, "\t", "utf-8"))
    case("budget_and_extras", {"year": "R6", "preset": "abc"},
         lambda d: write_text(os.path.join(d, "input.csv"), BUDGET_ROWS, ",", "utf-8", bom=True))
    case("repeated_header_pages", {"year": "R6"},
         lambda d: write_text(os.path.join(d, "input.tsv"), REPEATED_ROWS, "\t", "utf-8"))
    case("hidden_sheet_skipped", {"year": "R5", "grades": [
        "A=目標を達成した", "B=目標をおおむね達成した", "C=目標を達成できなかった"]},
         lambda d: write_xlsx(os.path.join(d, "input.xlsx"),
                              [dict(LEGEND_SHEETS[1], name="R4評価", hidden=True),
                               LEGEND_SHEETS[0], LEGEND_SHEETS[1]]))
    case("broken_no_header", {"year": "R6"},
         lambda d: write_text(os.path.join(d, "input.tsv"), NO_HEADER_ROWS, "\t", "utf-8"))
    case("broken_two_grade_columns", {"year": "R6"},
         lambda d: write_text(os.path.join(d, "input.tsv"), TWO_GRADE_ROWS, "\t", "utf-8"))
    case("broken_merged_header", {"year": "R6"},
         lambda d: write_xlsx(os.path.join(d, "input.xlsx"), MERGED_HEADER_SHEETS))
    case("broken_grade_off_scale", {"year": "R6"},
         lambda d: write_text(os.path.join(d, "input.tsv"), OFF_SCALE_ROWS, "\t", "utf-8"))
    case("broken_year_contradicts", {"year": "R6"},
         lambda d: write_text(os.path.join(d, "input.tsv"), WRONG_YEAR_ROWS, "\t", "utf-8"))
    case("broken_sheet_not_found", {"year": "R5", "sheet": "R6評価"},
         lambda d: write_xlsx(os.path.join(d, "input.xlsx"), LEGEND_SHEETS))


if __name__ == "__main__":
    main()
