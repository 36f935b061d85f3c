"""GET /api/v1/agencies with accent-insensitive search (API.md)."""

from chidao.agencies.tests.factories import AgencyFactory


def test_search_without_accents_finds_so_tai_chinh(token_client, stc_chuyenvien, snv):
    AgencyFactory(code="SYT", name="Sở Y tế")
    client = token_client(stc_chuyenvien)

    results = client.get("/api/v1/agencies", {"q": "so tai chinh"}).json()["results"]

    assert [a["name"] for a in results] == ["Sở Tài chính"]
    assert set(results[0]) >= {"id", "code", "name", "parent", "kind", "active"}
    assert results[0]["active"] is True


def test_search_matches_short_names_and_codes(token_client, stc_chuyenvien, snv):
    client = token_client(stc_chuyenvien)
    by_short = client.get("/api/v1/agencies", {"q": "Sở TC"}).json()["results"]
    by_code = client.get("/api/v1/agencies", {"q": "snv"}).json()["results"]
    assert [a["code"] for a in by_short] == ["STC"]
    assert [a["code"] for a in by_code] == ["SNV"]


def test_search_with_dd_finds_the_d_with_stroke(token_client, stc_chuyenvien):
    AgencyFactory(code="SGDDT", name="Sở Giáo dục và Đào tạo")
    client = token_client(stc_chuyenvien)
    results = client.get("/api/v1/agencies", {"q": "giao duc va dao tao"}).json()
    assert [a["code"] for a in results["results"]] == ["SGDDT"]


def test_injection_like_query_returns_nothing_and_no_error(
    token_client, stc_chuyenvien
):
    client = token_client(stc_chuyenvien)
    response = client.get("/api/v1/agencies", {"q": "' OR 1=1--"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_agencies_need_a_token(api_client, db):
    assert api_client.get("/api/v1/agencies").status_code == 401


def test_page_size_is_capped_at_200(token_client, stc_chuyenvien):
    for n in range(3):
        AgencyFactory(code=f"X{n}")
    body = token_client(stc_chuyenvien).get("/api/v1/agencies?page_size=1").json()
    assert len(body["results"]) == 1
    assert body["count"] >= 4
