from corpus.text import html_blocks, join_fragments, split_coded, tidy


def test_tidy_removes_markup_and_gaps_inside_chinese():
    assert tidy("<b>進行內外部 分析</b>") == "進行內外部分析"
    assert tidy("諮詢利益關係人 ^{【註1】} 確認") == "諮詢利益關係人【註1】確認"
    assert tidy("<u>宣傳</u>【註 2】並執行") == "宣傳【註2】並執行"
    assert tidy("資歷架構第 6 級") == "資歷架構第 6 級"
    assert tidy("a<script>alert(1)</script>b") == "a b"
    # a markdown autolink is an address, not a tag; CJK punctuation stays off it
    assert tidy("完整名單，請瀏覽 <https://www.hkqr.gov.hk>。") == "完整名單，請瀏覽 https://www.hkqr.gov.hk 。"


def test_join_fragments_glues_chinese_and_spaces_codes():
    assert join_fragments("職能學習地", "圖") == "職能學習地圖"
    assert join_fragments("撰寫職能學習地圖。", "P1.2.2 收集") == "撰寫職能學習地圖。 P1.2.2 收集"


def test_split_coded_handles_glued_codes_and_ignores_words():
    assert split_coded("K03訓練與發展 K04組織文化", r"K\d{2}") == [("K03", "訓練與發展"), ("K04", "組織文化")]
    assert split_coded("K03 分析 (SWOT)等", r"S{1,2}\d{2}") == []


def test_html_blocks_keep_list_depth():
    blocks = html_blocks("<ol><li>一、評量證據 <ol><li>1. 完成</li></ol></li></ol><p>3. 演練</p>")
    assert [(b.kind, b.depth, b.text) for b in blocks] == [
        ("li", 1, "一、評量證據"),
        ("li", 2, "1. 完成"),
        ("p", 0, "3. 演練"),
    ]
