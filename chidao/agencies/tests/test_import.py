"""Import of agencies and accounts from XLSX/CSV: whole file or nothing."""

import io

from openpyxl import Workbook

from chidao.accounts.importing import import_users
from chidao.accounts.models import User
from chidao.agencies.importing import import_agencies
from chidao.agencies.models import Agency


def xlsx(rows: list[list[str]]) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8-sig"))


def test_agency_tree_is_imported_with_parents_in_any_order(db):
    upload = xlsx(
        [
            ["Mã", "Tên", "Tên viết tắt", "Loại", "Cơ quan cấp trên"],
            ["STC-NS", "Phòng Quản lý ngân sách", "", "đơn vị", "STC"],
            ["UBND", "Ủy ban nhân dân tỉnh", "UBND tỉnh", "committee", ""],
            ["STC", "Sở Tài chính", "Sở TC", "Sở", "UBND"],
        ]
    )

    result = import_agencies(upload, "co-quan.xlsx")

    assert result.errors == []
    assert result.created == 3
    unit = Agency.objects.get(code="STC-NS")
    assert unit.parent.code == "STC"
    assert unit.kind == Agency.Kind.UNIT
    assert unit.parent.parent.code == "UBND"


def test_reimport_updates_instead_of_duplicating(db):
    rows = [["ma", "ten", "loai"], ["STC", "Sở Tài chính", "department"]]
    import_agencies(xlsx(rows), "a.xlsx")
    rows[1][1] = "Sở Tài chính tỉnh"
    result = import_agencies(xlsx(rows), "a.xlsx")
    assert (result.created, result.updated) == (0, 1)
    assert Agency.objects.get(code="STC").name == "Sở Tài chính tỉnh"


def test_a_bad_row_refuses_the_whole_file_with_row_numbers(db):
    upload = csv_file(
        "ma,ten,loai,co_quan_cap_tren\n"
        "STC,Sở Tài chính,department,\n"
        ",Sở Nội vụ,department,\n"
        "SYT,Sở Y tế,bệnh viện,\n"
        "SXD,Sở Xây dựng,department,KHONGCO\n"
    )

    result = import_agencies(upload, "co-quan.csv")

    assert Agency.objects.count() == 0
    assert result.errors == [
        "Dòng 3: thiếu mã cơ quan.",
        "Dòng 4: loại cơ quan “bệnh viện” không hợp lệ.",
        "Dòng 5: cơ quan cấp trên KHONGCO không tồn tại.",
    ]


def test_other_file_types_are_refused(db):
    result = import_agencies(io.BytesIO(b"x"), "list.txt")
    assert result.errors == ["Chỉ nhập được tệp XLSX và CSV."]


def test_accounts_are_imported_with_roles_and_one_time_passwords(stc, vp):
    upload = xlsx(
        [
            ["Tên đăng nhập", "Họ và tên", "Email", "Mã cơ quan", "Vai trò"],
            ["stc.a", "Nguyễn Văn A", "a@stc.gov.vn", "STC", "Chuyên viên cơ quan"],
            ["vp.b", "Trần Thị B", "", "VP", "tracking_officer, office_lead"],
        ]
    )

    result = import_users(upload, "tai-khoan.xlsx")

    assert result.errors == []
    assert result.created == 2
    b = User.objects.get(username="vp.b")
    assert b.roles == {"tracking_officer", "office_lead"}
    assert b.must_change_password
    assert b.check_password(result.initial_passwords["vp.b"])


def test_account_file_with_a_bad_row_creates_nobody(stc):
    upload = csv_file(
        "ten_dang_nhap,ho_va_ten,ma_co_quan,vai_tro\n"
        "stc.a,Nguyễn Văn A,STC,agency_officer\n"
        "stc.b,Nguyễn Văn B,KHONGCO,agency_officer\n"
        "stc.c,,STC,giam doc\n"
    )

    result = import_users(upload, "tai-khoan.csv")

    assert User.objects.count() == 0
    assert result.errors == [
        "Dòng 3: mã cơ quan “KHONGCO” không tồn tại.",
        "Dòng 4: vai trò “giam doc” không tồn tại.",
        "Dòng 4: thiếu họ và tên.",
    ]


def test_import_page_is_for_admins_only(client, stc_chuyenvien, admin_user):
    client.force_login(stc_chuyenvien)
    assert client.get("/tai-khoan/nhap-tai-khoan/").status_code == 403
    client.force_login(admin_user)
    assert client.get("/tai-khoan/nhap-tai-khoan/").status_code == 200


def test_import_page_shows_row_errors_and_keeps_nothing(client, admin_user, stc):
    client.force_login(admin_user)
    upload = csv_file("ten_dang_nhap,ho_va_ten,ma_co_quan,vai_tro\nx,,STC,\n")
    upload.name = "bad.csv"
    response = client.post("/tai-khoan/nhap-tai-khoan/", {"file": upload})
    assert response.status_code == 422
    assert "Dòng 2: thiếu họ và tên." in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_electronic_codes_are_imported_with_the_agency_list(db):
    upload = xlsx(
        [
            ["Mã", "Tên", "Loại", "Mã định danh"],
            ["UBND", "Ủy ban nhân dân tỉnh", "committee", "000.00.00.H41"],
            ["STC", "Sở Tài chính", "department", "000.00.15.H41"],
        ]
    )

    result = import_agencies(upload, "co-quan.xlsx")

    assert result.errors == []
    assert Agency.objects.by_electronic_code("000.00.15.h41").code == "STC"
    # A later list without the column keeps the codes.
    import_agencies(
        xlsx([["ma", "ten", "loai"], ["STC", "Sở Tài chính", "department"]]), "b.xlsx"
    )
    assert Agency.objects.get(code="STC").electronic_code == "000.00.15.H41"


def test_an_electronic_code_given_twice_refuses_the_file(db):
    upload = csv_file(
        "ma,ten,loai,ma_dinh_danh\n"
        "STC,Sở Tài chính,department,000.00.15.H41\n"
        "SNV,Sở Nội vụ,department,000.00.15.H41\n"
    )

    result = import_agencies(upload, "co-quan.csv")

    assert len(result.errors) == 1
    assert "000.00.15.H41" in result.errors[0]
    assert not Agency.objects.exists()
