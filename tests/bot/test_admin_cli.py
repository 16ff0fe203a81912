from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.bot.conftest import Kehu


def test_targets_import_reports_rows_and_imports_nothing_on_error(kehu: Kehu, tmp_path: Path) -> None:
    assert kehu("demo", "seed", cwd=tmp_path).returncode == 0
    bad = tmp_path / "targets.csv"
    bad.write_text("工号,指标,数额,月份\nD1101,存款,3000万,2026-11\nD9999,存款,100万,2026-11\n", encoding="utf-8")
    result = kehu("targets", "import", str(bad), cwd=tmp_path)
    assert result.returncode == 1 and "第 3 行" in result.stdout and "未导入任何数据" in result.stdout
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["工号", "指标", "数额", "月份"])
    sheet.append(["D1101", "存款", "3000万", "2026-11"])
    sheet.append(["D1102", "拜访", 40, "2026-11"])
    book.save(tmp_path / "targets.xlsx")
    ok = kehu("targets", "import", str(tmp_path / "targets.xlsx"), cwd=tmp_path)
    assert ok.returncode == 0 and "已导入 2 行指标" in ok.stdout


def test_results_import_and_a_missing_file(kehu: Kehu, tmp_path: Path) -> None:
    assert kehu("demo", "seed", cwd=tmp_path).returncode == 0
    sheet = tmp_path / "results.csv"
    sheet.write_text("姓名,指标,数额,日期\n张伟,存款,500万,2026-11-20\n李娜,贷款,1000万,2026-11-20\n", encoding="utf-8")
    result = kehu("results", "import", str(sheet), cwd=tmp_path)
    assert result.returncode == 0 and "已导入 2 行业绩" in result.stdout
    missing = kehu("results", "import", "nowhere.xlsx", cwd=tmp_path)
    assert missing.returncode == 1 and "文件不存在" in missing.stdout and "Traceback" not in missing.stderr


def test_staff_roster_import_invites_deactivate_and_handover(kehu: Kehu, tmp_path: Path) -> None:
    assert kehu("demo", "seed", cwd=tmp_path).returncode == 0
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "姓名,工号,角色,团队,手机\n钱多多,N1001,客户经理,对公客户一组,13800001111\n孔立,N1002,团队主管,新设三组,\n",
        encoding="utf-8",
    )
    typo = kehu("staff", "import", str(roster), cwd=tmp_path).stdout
    assert "第 3 行:团队「新设三组」不存在" in typo and "未导入任何人员" in typo
    result = kehu("staff", "import", str(roster), "--bot", "kehu_bot", "--new-teams", cwd=tmp_path)
    assert result.returncode == 0 and "已导入 2 人" in result.stdout
    assert "https://t.me/kehu_bot?start=" in result.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,工号,角色\n无名,,客户经理\n", encoding="utf-8")
    assert "未导入任何人员" in kehu("staff", "import", str(bad), cwd=tmp_path).stdout
    zones = tmp_path / "zones.csv"
    zones.write_text("姓名,工号,角色,时区\n何港,N2001,客户经理,香港\n远方,N2002,客户经理,火星\n", encoding="utf-8")
    refused = kehu("staff", "import", str(zones), cwd=tmp_path).stdout
    assert "第 3 行:时区「火星」无效" in refused and "未导入任何人员" in refused
    assert "新邀请码" in kehu("staff", "invite", "N1001", cwd=tmp_path).stdout
    assert "新邀请码" in kehu("staff", "invite", "钱多多", cwd=tmp_path).stdout  # a unique name does as well
    again = kehu("staff", "add", "--no", "N1001", "--name", "重复", "--role", "客户经理", cwd=tmp_path).stdout
    assert "工号 N1001 已存在" in again and "error." not in again
    typo_team = ["--no", "N1003", "--name", "新人", "--role", "客户经理", "--team", "对公一组"]
    refused_team = kehu("staff", "add", *typo_team, cwd=tmp_path).stdout
    assert "没有「对公一组」这个团队" in refused_team and "对公客户一组" in refused_team
    short = kehu(
        "staff", "add", "--no", "N1004", "--name", "短号", "--role", "客户经理", "--phone", "138001111", cwd=tmp_path
    )
    assert short.returncode == 1 and "手机号「138001111」无效" in short.stdout
    phones = tmp_path / "phones.csv"
    phones.write_text("姓名,工号,角色,手机\n短号,N3001,客户经理,138001111\n", encoding="utf-8")
    assert "第 2 行:手机号「138001111」无效" in kehu("staff", "import", str(phones), cwd=tmp_path).stdout
    assert "已将 钱多多 调到 普惠金融二组" in kehu("staff", "move", "钱多多", "普惠金融二组", cwd=tmp_path).stdout
    assert "已停用 张伟" in kehu("staff", "deactivate", "D1101", cwd=tmp_path).stdout
    handed = kehu("staff", "handover", "D1101", "N1001", cwd=tmp_path)
    assert handed.returncode == 0 and "已交接 7 位客户" in handed.stdout
    assert "交接失败" in kehu("staff", "handover", "D1101", "D1101X", cwd=tmp_path).stdout


def test_calendar_import_of_a_published_notice_and_show(kehu: Kehu, tmp_path: Path) -> None:
    notice = Path(__file__).parents[1] / "data" / "notices" / "2026.txt"
    shifted = tmp_path / "2027.txt"
    shifted.write_text(notice.read_text(encoding="utf-8").replace("2026", "2027"), encoding="utf-8")
    before = kehu("calendar", "show", "2027", cwd=tmp_path)
    assert "推算" in before.stdout and "2027-02-14 调休上班" not in before.stdout
    result = kehu("calendar", "import", str(shifted), cwd=tmp_path)
    assert result.returncode == 0 and "放假 33 天" in result.stdout, result.stdout
    after = kehu("calendar", "show", "2027", cwd=tmp_path)
    assert "published" in after.stdout and "2027-02-14 调休上班" in after.stdout
    broken = tmp_path / "broken.txt"
    broken.write_text("2027年部分节假日安排 春节:2月5日至11日放假,共9天。", encoding="utf-8")
    refused = kehu("calendar", "import", str(broken), cwd=tmp_path)
    assert refused.returncode == 1 and "天数不符" in refused.stdout and "Traceback" not in refused.stderr
