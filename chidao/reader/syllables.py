"""Common Vietnamese syllables of administrative writing.

Used only to choose between equally valid ways of splitting glued words
(`thựchiện` is `thực hiện`, not `thự chiện`). Collected from public
administrative documents; any syllable absent here is still accepted.
"""

COMMON_SYLLABLES = frozenset(
    """
    a an at ba ban bao be been binh bit biên biến biết biểu biện biệt bon but buôn by
    bàn bào bái bán báo bão bên bình bí bích bù bạch bạn bản bảng bảo bảy bắc bắt bằng
    bền bệnh bị bố bối bồi bổ bộ bụi ca cai cam can canh cao cap chi chia chiếu cho chuc
    chung chuyên chuyển chuông chuẩn chào chánh cháy châm chân châu chéo chí chính chú
    chăm chưa chương chạy chấn chấp chất chậm chắc chặt chẽ chế chỉ chỉnh chịu chọn
    chống chồng chờ chụp chủ chứa chức chứng chữ chữa co coi cop cung cuối cuộc cá các
    cách cán cáo cân còn có công cùng căn cũ cũng cơ cư cương cường cạnh cả cải cảng
    cảnh cấp cấu cần cầu cận cập cắp cắt cố cổng cộng cột cụ cục cụm của cứ cứu cửa cửu
    cực da dang danh day di diễn diện diệt do doanh du dung duyệt dài dân dòng dôn dõi
    dùng dũng dư dưới dưỡng dạng dấu dẫn dịch dời dụ dụng dữ dự dựa dựng e each ghi gia
    giai gian giang giao giá giác giám giúp giải giảm giấy giới giữ giữa go gom gây góp
    gắn gọi gồm gửi ha hai hieu hiểu hiện hiệp hiệu ho hoa hoà hoàn hoàng hoá hoạch hoạt
    hoặc huy huyết huyện huấn hà hài hàng hành hãy hình hòa hóa hùng hơn hướng hưởng hạ
    hạch hại hạn hạnh hải hấp hậu hằng hết hệ họ học họp hỏi hồ hồng hỗ hộ hội hợp hủy i
    ii iii in it keep key khai khi kho khoa khoan khoản khoảng khu khung khác khâu khí
    khó khóa không khăn khả khẩn khẩu khắc khỏe khỏi khối kinh kiên kiếm kiến kiểm kiện
    kèm kê kính ký kế kết kể kịp kỳ kỷ kỹ la lao li liên liền liệu loai long loại luc
    luyện luận luật là làm lào lâm lân lâu lây lãnh lê lên lòng lúa lúc lý lĩnh lũ lưu
    lưỡng lượng lạc lại lấy lần lập lậu lắp lễ lệ lệch lịch lọc lộ lớn lợi lục lụt lữ
    lực ma main mi minh miệng mo mua my mà máy mã mìn mình môi môn mưu mười mại mạng
    mạnh mất mật mắc mắt mặt mềm mối mỗi một mới mở mục mức nam nay neo ngang ngay nghe
    nghiêm nghiên nghiệm nghiệp nghĩa nghệ nghỉ nghị ngoài ngoại nguy nguyên nguyễn
    nguyện nguồn ngành ngày ngân ngô ngũ người ngạch ngại ngừa ngữ nhap nhau nhiên nhiều
    nhiễm nhiệm nhà nhân nhóm nhúng như nhưng nhượng nhất nhận nhập nhật nhằm nhẹ những
    ninh no non not nuôi nào này nâng nêu nó nông năm năng nơi nước nạn nắm nếp nếu nền
    nối nổ nội o on out phán pháp phát phân phép phê phí phòng phó phóng phô phù phú
    phúc phương phường phạm phải phản phần phẩy phố phối phổ phụ phục phủ phức po pot py
    qua quan quanh quy quyết quyền quá quán quân quét quý quả quản quảng quận quốc ra
    rec riêng ro run rung rà ràng ròng rõ rất rồi rộng rủi rừng sa sai sang sau see sinh
    soát soạn su sung suy suốt sàn sàng sách sáng sáp sát sáu sâu sóc sông sơ sơn sạch
    sản sẵn sẽ số sống sốt sớm sở sức sử sửa sự sỹ tai tang tat tay team ten tham than
    thanh thao that thay the them theo they thi thiên thiết thiếu thiểu thiện thiệt
    thoái thoát thu thuận thuật thuốc thuộc thành thác thái tháng thân thêm thì thí
    thích thôn thông thúc thư thương thường thải thảo thấp thất thấy thẩm thế thể thị
    thịnh thỏa thống thời thợ thụ thủ thứ thức thừa thử thực tin tiên tiêu tiến tiếng
    tiếp tiết tiềm tiền tiễn tiện to too toàn toán tra trang tranh trao tren triển triệt
    triệu tro trong trung truy truyền try trách trái tránh trên trì trình trí trích trò
    trùng trú trương trước trường trưởng trạng trả trấn trần trận trật trị trọng trống
    trở trợ trụ trừ trữ trực tu tuy tuyên tuyến tuyệt tuân tuần tài tàng tác tái tâm tên
    tìm tình tích tín tính tô tôi túc tăng tĩnh tư tướng tượng tại tạm tạo tạp tải tấn
    tất tầng tập tắc tắt tế tết tệp tỉnh tịch tịnh tối tốt tồn tổ tổng tộc tội tới tờ
    tục từ từng tử tự up uỷ va vai vi viet viên viết việc viện việt vu vui và vào ví
    vùng văn vũ vướng vượt vấn vẫn vận vật về vệ vị vốn với vụ vừa vững vực xanh xem xin
    xung xuyên xuất xác xây xã xét xóa xảy xử y you yên yêu yếu án ánh áp âu ích ít ô ý
    đa đai đang đi điều điểm điện đo đoàn đoạn đài đàm đào đáng đánh đáp đây đã đê đích
    đính đòi đó đóng đô đôn đúng đăng đơn đưa đường được đạc đại đạo đạt đảm đảng đất
    đầm đầu đầy đẩy đậu đắn đặc đặt đến đề đều để địa định đọc đốc đối đồ đồng đổi độ
    độc đội động đột đời đợi đủ đứng ương ước ảnh ồn ổn ở ủy ứng
    """.split()
)
