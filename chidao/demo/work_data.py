"""The demo's work: sectors, directives of 2026 and their tasks, each with the
steps of its history on plausible days before 28/11/2026 (the demo's "today").

Data only; `seed_work` plays it through the real services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chidao.directives.models import Directive
from chidao.tasks.models import Task

SECTORS = [
    ("tai-chinh", "Tài chính - Ngân sách"),
    ("dau-tu", "Kế hoạch - Đầu tư công"),
    ("noi-vu", "Nội vụ - Tổ chức bộ máy"),
    ("giao-duc", "Giáo dục - Đào tạo"),
    ("y-te", "Y tế - Dân số"),
    ("nong-nghiep", "Nông nghiệp - Môi trường"),
    ("xay-dung", "Xây dựng - Giao thông"),
    ("cong-thuong", "Công Thương"),
    ("van-hoa", "Văn hóa - Thể thao - Du lịch"),
    ("chuyen-doi-so", "Khoa học, công nghệ và chuyển đổi số"),
    ("cai-cach", "Tư pháp - Cải cách hành chính"),
    ("quoc-phong", "Quốc phòng - An ninh"),
    ("xa-hoi", "Lao động - An sinh xã hội"),
    ("dan-toc", "Dân tộc - Tôn giáo"),
]


@dataclass
class Step:
    action: str
    on: date
    note: str = ""
    completed_on: date | None = None
    new_deadline: date | None = None


@dataclass
class DemoTask:
    agency: str
    content: str
    sector: str
    deadline: date | None = None
    kind: str = Task.Kind.DEADLINE_REPORT
    period: str = ""
    helpers: tuple[str, ...] = ()
    steps: list[Step] = field(default_factory=list)
    comments: list[tuple[str, date, str]] = field(default_factory=list)
    # Issue 15: urges (Art. 9.1a) and leaders' directions (Art. 9.1c), each
    # (username, day, text), played after the steps.
    urges: list[tuple[str, date, str]] = field(default_factory=list)
    directions: list[tuple[str, date, str]] = field(default_factory=list)
    units: list[DemoTask] = field(default_factory=list)


@dataclass
class DemoDirective:
    kind: str
    number: str
    issued_on: date
    summary: str
    signer: str
    leader: str | None
    officer: str
    tasks: list[DemoTask]
    proposing: str | None = None
    needs_opinions: bool = False


def _handed(on: date) -> list[Step]:
    return [Step("hand_over", on)]


def _accepted(on: date, accepted: date) -> list[Step]:
    return [Step("hand_over", on), Step("accept", accepted)]


def _done(
    on: date, accepted: date, completed: date, reported: date, confirmed: date | None
) -> list[Step]:
    steps = [
        Step("hand_over", on),
        Step("accept", accepted),
        Step("report", reported, "Đã hoàn thành và gửi báo cáo kết quả.", completed),
    ]
    if confirmed:
        steps.append(Step("confirm", confirmed))
    return steps


PERIODIC = Task.Kind.PERIODIC_REPORT
NO_REPORT = Task.Kind.NO_REPORT
DEADLINE_ONLY = Task.Kind.DEADLINE_ONLY

DIRECTIVES = [
    DemoDirective(
        kind=Directive.Kind.CHI_THI,
        number="18/CT-UBND",
        issued_on=date(2026, 3, 10),
        summary="Về tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ",
        signer="Nguyễn Thanh Bình",
        leader="chutich",
        officer="vp.chuyenvien",
        proposing="SNV",
        tasks=[
            DemoTask(
                "SNV",
                "Tham mưu UBND tỉnh kiểm tra đột xuất việc chấp hành kỷ luật, kỷ "
                "cương hành chính tại các sở, ngành và địa phương; báo cáo kết quả "
                "định kỳ hằng quý.",
                "noi-vu",
                kind=PERIODIC,
                period="quarter",
                steps=_accepted(date(2026, 3, 12), date(2026, 3, 13))
                + [
                    Step("report", date(2026, 4, 6), "Quý I: đã kiểm tra 6 đơn vị."),
                    Step("report", date(2026, 7, 3), "Quý II: đã kiểm tra 8 đơn vị."),
                    Step("report", date(2026, 10, 5), "Quý III: đã kiểm tra 7 đơn vị."),
                ],
            ),
            DemoTask(
                "TTT",
                "Thanh tra trách nhiệm người đứng đầu trong thực hiện kỷ luật, kỷ "
                "cương hành chính tại 03 sở, ngành; báo cáo kết quả về UBND tỉnh.",
                "cai-cach",
                deadline=date(2026, 6, 30),
                steps=_handed(date(2026, 3, 12)),
            ),
            DemoTask(
                "P-RACHGIA",
                "Niêm yết công khai thủ tục hành chính, đường dây nóng tiếp nhận "
                "phản ánh tại Bộ phận một cửa phường.",
                "cai-cach",
                kind=NO_REPORT,
                steps=_done(
                    date(2026, 3, 12),
                    date(2026, 3, 13),
                    date(2026, 4, 2),
                    date(2026, 4, 3),
                    date(2026, 4, 7),
                ),
            ),
        ],
    ),
    DemoDirective(
        kind=Directive.Kind.CONG_VAN,
        number="2301/UBND-TH",
        issued_on=date(2026, 6, 15),
        summary="Về việc báo cáo kết quả thực hiện nhiệm vụ 6 tháng đầu năm và "
        "phương hướng 6 tháng cuối năm 2026",
        signer="Lê Văn Phước",
        leader="phochutich",
        officer="vp.chuyenvien",
        tasks=[
            DemoTask(
                "STC",
                "Báo cáo tình hình thực hiện dự toán thu, chi ngân sách nhà nước 6 "
                "tháng đầu năm 2026 và dự báo cả năm.",
                "tai-chinh",
                deadline=date(2026, 7, 5),
                steps=_done(
                    date(2026, 6, 17),
                    date(2026, 6, 18),
                    date(2026, 7, 3),
                    date(2026, 7, 3),
                    date(2026, 7, 7),
                ),
            ),
            DemoTask(
                "SYT",
                "Báo cáo kết quả công tác y tế, dân số 6 tháng đầu năm 2026.",
                "y-te",
                deadline=date(2026, 7, 5),
                steps=_done(
                    date(2026, 6, 17),
                    date(2026, 6, 19),
                    date(2026, 7, 10),
                    date(2026, 7, 10),
                    date(2026, 7, 14),
                ),
            ),
            DemoTask(
                "SNV",
                "Báo cáo tình hình sắp xếp tổ chức bộ máy, biên chế 6 tháng đầu năm "
                "2026.",
                "noi-vu",
                deadline=date(2026, 7, 5),
                steps=_done(
                    date(2026, 6, 17),
                    date(2026, 6, 18),
                    date(2026, 7, 1),
                    date(2026, 7, 2),
                    date(2026, 7, 6),
                ),
            ),
            DemoTask(
                "P-RACHGIA",
                "Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 "
                "tháng đầu năm trên địa bàn phường.",
                "dau-tu",
                deadline=date(2026, 7, 5),
                steps=_done(
                    date(2026, 6, 17),
                    date(2026, 6, 22),
                    date(2026, 7, 8),
                    date(2026, 7, 9),
                    date(2026, 7, 13),
                ),
            ),
        ],
    ),
    DemoDirective(
        kind=Directive.Kind.QUYET_DINH,
        number="1890/QĐ-UBND",
        issued_on=date(2026, 8, 14),
        summary="Ban hành Kế hoạch chuyển đổi số tỉnh An Giang năm 2026",
        signer="Nguyễn Thanh Bình",
        leader="chutich",
        officer="vp.chuyenvien2",
        proposing="SKHCN",
        tasks=[
            DemoTask(
                "SKHCN",
                "Xây dựng và vận hành Trung tâm điều hành thông minh cấp tỉnh.",
                "chuyen-doi-so",
                deadline=date(2026, 12, 31),
                helpers=("STC", "CAT"),
                steps=_handed(date(2026, 8, 19)),
            ),
            DemoTask(
                "STP",
                "Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính lĩnh vực "
                "hộ tịch còn hiệu lực.",
                "chuyen-doi-so",
                deadline=date(2026, 10, 31),
                steps=_handed(date(2026, 8, 19)),
            ),
            DemoTask(
                "SYT",
                "Triển khai hồ sơ sức khỏe điện tử cho người dân tại các cơ sở khám, "
                "chữa bệnh công lập.",
                "y-te",
                deadline=date(2026, 12, 15),
                steps=_accepted(date(2026, 8, 19), date(2026, 8, 20))
                + [
                    Step(
                        "report",
                        date(2026, 10, 12),
                        "Đã triển khai tại 9/14 bệnh viện, đang tập huấn cho các "
                        "trạm y tế.",
                    )
                ],
                comments=[
                    (
                        "vp.chuyenvien2",
                        date(2026, 10, 14),
                        "Đề nghị Sở Y tế nêu rõ số hồ sơ đã tạo lập trong báo cáo "
                        "tiếp theo.",
                    ),
                    (
                        "syt.chuyenvien",
                        date(2026, 10, 15),
                        "Sở Y tế tiếp thu; số liệu sẽ gửi kèm báo cáo tháng 11.",
                    ),
                ],
                urges=[
                    (
                        "vp.chuyenvien2",
                        date(2026, 11, 20),
                        "Đề nghị Sở Y tế gửi số liệu tháng 11 như đã cam kết.",
                    ),
                ],
                directions=[
                    (
                        "chutich",
                        date(2026, 11, 24),
                        "Sở Y tế tập trung hoàn thành tại 5 bệnh viện còn lại "
                        "trước ngày 15/12/2026; báo cáo kết quả cho UBND tỉnh.",
                    ),
                ],
            ),
            DemoTask(
                "STC",
                "Bố trí kinh phí thực hiện Kế hoạch chuyển đổi số năm 2026 từ nguồn "
                "chi sự nghiệp khoa học và công nghệ.",
                "tai-chinh",
                deadline=date(2026, 9, 30),
                steps=_done(
                    date(2026, 8, 19),
                    date(2026, 8, 20),
                    date(2026, 9, 25),
                    date(2026, 9, 28),
                    date(2026, 10, 2),
                ),
            ),
        ],
    ),
    DemoDirective(
        kind=Directive.Kind.CONG_VAN,
        number="2156/UBND-KT",
        issued_on=date(2026, 9, 8),
        summary="Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công năm 2026",
        signer="Nguyễn Thanh Bình",
        leader="chutich",
        officer="vp.chuyenvien2",
        proposing="STC",
        tasks=[
            DemoTask(
                "STC",
                "Rà soát, tham mưu điều chuyển kế hoạch vốn của các dự án chậm giải "
                "ngân sang dự án có khả năng giải ngân tốt.",
                "dau-tu",
                deadline=date(2026, 9, 30),
                helpers=("SXD",),
                steps=_done(
                    date(2026, 9, 10),
                    date(2026, 9, 11),
                    date(2026, 9, 29),
                    date(2026, 9, 29),
                    date(2026, 10, 1),
                ),
                units=[
                    DemoTask(
                        "STC-NS",
                        "Tổng hợp danh mục dự án chậm giải ngân và đề xuất phương "
                        "án điều chuyển vốn.",
                        "dau-tu",
                        deadline=date(2026, 9, 22),
                        steps=[
                            Step("accept", date(2026, 9, 12)),
                            Step(
                                "report",
                                date(2026, 9, 21),
                                "Đã gửi danh mục 14 dự án chậm giải ngân.",
                                date(2026, 9, 21),
                            ),
                            Step("confirm", date(2026, 9, 22)),
                        ],
                    )
                ],
            ),
            DemoTask(
                "SXD",
                "Đôn đốc các chủ đầu tư đẩy nhanh tiến độ thi công, nghiệm thu khối "
                "lượng hoàn thành để giải ngân.",
                "xay-dung",
                deadline=date(2026, 10, 15),
                steps=_accepted(date(2026, 9, 10), date(2026, 9, 14)),
            ),
            DemoTask(
                "BQLKKT",
                "Hoàn thành bồi thường, giải phóng mặt bằng các dự án hạ tầng khu "
                "kinh tế cửa khẩu.",
                "dau-tu",
                deadline=date(2026, 11, 20),
                steps=_handed(date(2026, 9, 10)),
            ),
            DemoTask(
                "P-RACHGIA",
                "Đẩy nhanh giải phóng mặt bằng dự án đường ven biển đoạn qua phường "
                "Rạch Giá.",
                "xay-dung",
                deadline=date(2026, 12, 15),
                steps=_accepted(date(2026, 9, 10), date(2026, 9, 11)),
            ),
            DemoTask(
                "SXD",
                "Đẩy nhanh thủ tục đầu tư dự án nâng cấp tuyến đường tỉnh 963B.",
                "xay-dung",
                deadline=date(2026, 10, 30),
                steps=[
                    Step("hand_over", date(2026, 9, 10)),
                    Step(
                        "cancel",
                        date(2026, 10, 8),
                        "Dự án đã được điều chỉnh chủ trương đầu tư, không còn thực "
                        "hiện trong năm 2026.",
                    ),
                ],
            ),
            DemoTask(
                "X-KIENLUONG",
                "Báo cáo tiến độ giải ngân vốn các chương trình mục tiêu quốc gia "
                "trên địa bàn xã.",
                "dau-tu",
                kind=PERIODIC,
                period="quarter",
                steps=_handed(date(2026, 9, 10)),
            ),
        ],
    ),
    DemoDirective(
        kind=Directive.Kind.CHI_THI,
        number="25/CT-UBND",
        issued_on=date(2026, 10, 5),
        summary="Về tăng cường phòng, chống thiên tai, sạt lở bờ sông, bờ biển mùa "
        "mưa bão năm 2026",
        signer="Lê Văn Phước",
        leader="phochutich",
        officer="vp.chuyenvien",
        proposing="SNNMT",
        tasks=[
            DemoTask(
                "SNNMT",
                "Theo dõi diễn biến sạt lở, cảnh báo các khu vực nguy hiểm; báo cáo "
                "định kỳ hằng quý về UBND tỉnh.",
                "nong-nghiep",
                kind=PERIODIC,
                period="quarter",
                helpers=("BCHQS",),
                steps=_handed(date(2026, 10, 7)),
            ),
            DemoTask(
                "BCHQS",
                "Xây dựng phương án huy động lực lượng, phương tiện ứng cứu, sơ tán "
                "dân khi có bão mạnh.",
                "quoc-phong",
                deadline=date(2026, 12, 1),
                steps=_handed(date(2026, 10, 7)),
            ),
            DemoTask(
                "DK-PHUQUOC",
                "Kiểm tra, gia cố hệ thống kè biển và khu neo đậu tránh trú bão cho "
                "tàu cá.",
                "nong-nghiep",
                deadline=date(2026, 11, 15),
                steps=_handed(date(2026, 10, 7)),
            ),
            DemoTask(
                "X-TANHIEP",
                "Di dời các hộ dân ra khỏi khu vực có nguy cơ sạt lở cao trên địa "
                "bàn xã.",
                "nong-nghiep",
                deadline=date(2026, 12, 31),
                steps=_handed(date(2026, 10, 7)),
            ),
            DemoTask(
                "SYT",
                "Chuẩn bị cơ số thuốc, vật tư y tế phục vụ công tác phòng, chống "
                "thiên tai.",
                "y-te",
                deadline=date(2026, 10, 31),
                steps=_done(
                    date(2026, 10, 7),
                    date(2026, 10, 8),
                    date(2026, 10, 30),
                    date(2026, 11, 3),
                    None,
                ),
            ),
            DemoTask(
                "SXD",
                "Rà soát, gia cố các công trình đang thi công trước mùa mưa bão.",
                "xay-dung",
                deadline=date(2026, 10, 20),
                # Done after the deadline, not yet confirmed by the Office.
                steps=_done(
                    date(2026, 10, 7),
                    date(2026, 10, 9),
                    date(2026, 10, 27),
                    date(2026, 10, 28),
                    None,
                ),
            ),
        ],
    ),
    DemoDirective(
        kind=Directive.Kind.CONG_VAN,
        number="2480/UBND-VX",
        issued_on=date(2026, 10, 20),
        summary="Về việc tổ chức các hoạt động mừng Đảng, mừng Xuân Đinh Mùi năm 2027",
        signer="Lê Văn Phước",
        leader="phochutich",
        officer="vp.chuyenvien2",
        needs_opinions=True,
        tasks=[
            DemoTask(
                "SVHTTDL",
                "Xây dựng kế hoạch tổ chức các hoạt động văn hóa, văn nghệ, thể "
                "thao mừng Xuân Đinh Mùi 2027.",
                "van-hoa",
                deadline=date(2026, 12, 10),
                steps=_handed(date(2026, 10, 29)),
            ),
            DemoTask(
                "SCT",
                "Bảo đảm cung ứng hàng hóa, bình ổn thị trường dịp cuối năm và Tết "
                "Nguyên đán.",
                "cong-thuong",
                deadline=date(2026, 12, 20),
                steps=_handed(date(2026, 10, 29)),
            ),
            DemoTask(
                "SNV",
                "Tham mưu tổ chức thăm, tặng quà gia đình chính sách, người có công "
                "dịp Tết.",
                "xa-hoi",
                deadline=date(2026, 12, 5),
                steps=_accepted(date(2026, 10, 29), date(2026, 10, 30))
                + [
                    Step(
                        "request_extension",
                        date(2026, 11, 24),
                        "Chờ Bộ Nội vụ phân bổ kinh phí quà tặng của Chủ tịch nước.",
                        new_deadline=date(2026, 12, 20),
                    )
                ],
            ),
            DemoTask(
                "STC",
                "Bố trí kinh phí tổ chức các hoạt động mừng Đảng, mừng Xuân.",
                "tai-chinh",
                deadline=date(2026, 11, 30),
                steps=_accepted(date(2026, 10, 29), date(2026, 10, 30))
                + [
                    Step(
                        "request_extension",
                        date(2026, 11, 10),
                        "Cần thêm thời gian tổng hợp dự toán của các địa phương.",
                        new_deadline=date(2026, 12, 10),
                    ),
                    Step("approve_extension", date(2026, 11, 12), "Đồng ý gia hạn."),
                ],
            ),
            DemoTask(
                "DPTTH",
                "Tuyên truyền các hoạt động mừng Đảng, mừng Xuân trên sóng phát "
                "thanh, truyền hình.",
                "van-hoa",
                kind=NO_REPORT,
                steps=_handed(date(2026, 10, 29)),
            ),
        ],
    ),
    DemoDirective(
        kind=Directive.Kind.THONG_BAO,
        number="312/TB-VP",
        issued_on=date(2026, 11, 3),
        summary="Kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban tháng 10 "
        "năm 2026",
        signer="Trần Thị Thu Hà",
        leader="chutich",
        officer="vp.chuyenvien",
        tasks=[
            DemoTask(
                "STC",
                "Hoàn thành dự toán ngân sách năm 2027, trình UBND tỉnh trước kỳ họp "
                "cuối năm của HĐND tỉnh.",
                "tai-chinh",
                deadline=date(2026, 11, 25),
                helpers=("SNV",),
                steps=_accepted(date(2026, 11, 5), date(2026, 11, 6))
                + [
                    Step(
                        "report",
                        date(2026, 11, 24),
                        "Đã trình UBND tỉnh dự toán ngân sách năm 2027.",
                        date(2026, 11, 23),
                    )
                ],
                units=[
                    DemoTask(
                        "STC-NS",
                        "Tổng hợp dự toán chi thường xuyên của các sở, ngành.",
                        "tai-chinh",
                        deadline=date(2026, 11, 18),
                        steps=[
                            Step("accept", date(2026, 11, 7)),
                            Step(
                                "report",
                                date(2026, 11, 17),
                                "Đã tổng hợp dự toán của 21 sở, ngành.",
                                date(2026, 11, 17),
                            ),
                            Step("confirm", date(2026, 11, 18)),
                        ],
                    ),
                    DemoTask(
                        "STC-DT",
                        "Tổng hợp dự toán chi đầu tư phát triển năm 2027.",
                        "dau-tu",
                        deadline=date(2026, 11, 18),
                    ),
                ],
            ),
            DemoTask(
                "SNV",
                "Hoàn thiện đề án vị trí việc làm của các đơn vị sự nghiệp công lập "
                "sau sắp xếp.",
                "noi-vu",
                deadline=date(2026, 12, 15),
                steps=_accepted(date(2026, 11, 5), date(2026, 11, 6)),
            ),
            DemoTask(
                "SGDDT",
                "Báo cáo tình hình thiếu giáo viên và phương án tuyển dụng năm học "
                "2026-2027.",
                "giao-duc",
                deadline=date(2026, 11, 30),
                steps=_handed(date(2026, 11, 5)),
            ),
            DemoTask(
                "SYT",
                "Xây dựng phương án phòng, chống dịch sốt xuất huyết cao điểm cuối "
                "năm.",
                "y-te",
                deadline=date(2026, 11, 20),
                steps=[
                    Step("hand_over", date(2026, 11, 5)),
                    Step(
                        "return",
                        date(2026, 11, 6),
                        "Nội dung thuộc chức năng của Trung tâm Kiểm soát bệnh tật; "
                        "đề nghị giao Sở Y tế chủ trì và bổ sung thời hạn phù hợp.",
                    ),
                ],
            ),
            DemoTask(
                "SCT",
                "Kiểm tra, xử lý vi phạm trong kinh doanh xăng dầu trên địa bàn tỉnh.",
                "cong-thuong",
                deadline=date(2026, 12, 31),
                steps=[],
            ),
        ],
    ),
    DemoDirective(
        kind=Directive.Kind.CONG_DIEN,
        number="05/CĐ-UBND",
        issued_on=date(2026, 11, 20),
        summary="Về việc chủ động ứng phó với áp thấp nhiệt đới và mưa lớn",
        signer="Lê Văn Phước",
        leader="phochutich",
        officer="vp.chuyenvien",
        tasks=[
            DemoTask(
                "CAT",
                "Bảo đảm an ninh trật tự, hỗ trợ sơ tán người dân tại các khu vực "
                "xung yếu.",
                "quoc-phong",
                deadline=date(2026, 11, 27),
                kind=DEADLINE_ONLY,
                steps=_handed(date(2026, 11, 20)),
            ),
            DemoTask(
                "SNNMT",
                "Vận hành các công trình thủy lợi, tiêu thoát nước chống ngập úng.",
                "nong-nghiep",
                deadline=date(2026, 12, 2),
                steps=[],
            ),
            DemoTask(
                "P-LONGXUYEN",
                "Kiểm tra, chằng chống nhà cửa, cắt tỉa cây xanh trên các tuyến đường.",
                "xay-dung",
                deadline=date(2026, 12, 3),
                steps=[],
            ),
            DemoTask(
                "X-KIENLUONG",
                "Kêu gọi tàu thuyền vào nơi tránh trú an toàn, báo cáo số phương "
                "tiện còn trên biển.",
                "nong-nghiep",
                deadline=date(2026, 11, 30),
                steps=_handed(date(2026, 11, 20)),
            ),
        ],
    ),
]
