from chidao.lib.text import fold


def test_fold_strips_vietnamese_accents_and_case():
    assert fold("Sở Tài chính") == "so tai chinh"
    assert fold("ĐẶC KHU  Phú Quốc") == "dac khu phu quoc"
    assert fold("Ủy ban nhân dân") == fold("Uỷ ban nhân dân") == "uy ban nhan dan"
