from lingong.core import crypto


def test_encrypt_round_trip_and_blind_index_is_stable():
    token = crypto.encrypt("11010519491231002X")
    assert "11010519491231002X" not in token
    assert crypto.decrypt(token) == "11010519491231002X"
    assert crypto.blind_index("11010519491231002X") == crypto.blind_index("11010519491231002X")
    assert crypto.blind_index("11010519491231002X") != crypto.blind_index("110105194912310029")
