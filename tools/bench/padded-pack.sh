# Sourced by install-bench.sh and refresh-bench.sh: a big signed pack made cheaply.
#   make_padded_pack PACKTOOL SRC OUT VERSION MB KEY PUB
# builds SRC/content/sample as OUT at VERSION, pads its images table with MB random 1 MiB blobs
# (sqlite3; random bytes, so nothing compresses), updates image_count, signs it again with KEY
# and checks it with `kiosk-pack verify` against PUB.
make_padded_pack() {
    local packtool="$1" src="$2" out="$3" version="$4" mb="$5" key="$6" pub="$7"
    echo "building a ${mb} MB pack in $out ..."
    "$packtool" build "$src/content/sample" -o "$out" -q --version "$version" >/dev/null 2>&1
    sqlite3 "$out" "
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $mb)
      INSERT INTO images(id, mime, width, height, data)
        SELECT 'pad-' || i || '.jpg', 'image/jpeg', 1, 1, randomblob(1048576) FROM n;
      UPDATE meta SET value = (SELECT count(*) FROM images) WHERE key = 'image_count';"
    "$packtool" sign "$out" --key "$key" >/dev/null
    "$packtool" verify "$out" --pubkey "$pub" >/dev/null
}
