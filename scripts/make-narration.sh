#!/usr/bin/env bash
# Recipe for the demo show's generated files. Kept as a record of where they came from;
# neither the build nor the tests run it. Re-running it rewrites, from the files in git:
#
#   episodes/2010-04-02-how-do-clinicians-treat-nmo/narration.mp3
#       a SYNTHETIC reading of that folder's transcript.md by the espeak-ng speech synthesiser
#       (the clinician's own voice is not available; this is not the original video's audio);
#   the [mm:ss] stamps in that transcript.md
#       each paragraph's real start time in narration.mp3, rounded down to the second;
#   episodes/artwork.png
#       the show artwork, drawn with Pillow in a throwaway venv (Pillow is not a dependency
#       of nmo-feed).
#
# Made on Debian 12 with espeak-ng 1.51+dfsg-10+deb12u2, sox 14.4.2+git20190427-3.5,
# lame 3.100-6, fonts-dejavu-core 2.37-6, Python 3.11 and Pillow (version pinned below):
#   apt-get install espeak-ng sox lame fonts-dejavu-core
#
# Usage: scripts/make-narration.sh [all|narration|artwork]     (default all; run from anywhere)
set -euo pipefail

readonly VOICE=en-us          # espeak-ng's American English voice
readonly WPM=155              # words per minute: an unhurried reading pace
readonly GAP_S=0.6            # silence between paragraphs, in seconds
readonly KBPS=32              # mono MP3 at 22.05 kHz: plenty for speech, well under 1 MB
readonly PILLOW=12.0.0
readonly FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf   # from fonts-dejavu-core

cd "$(dirname "$0")/.."
readonly EPISODE=episodes/2010-04-02-how-do-clinicians-treat-nmo
readonly TRANSCRIPT=$EPISODE/transcript.md
readonly STAMP='^\[[0-9]{2}(:[0-9]{2}){1,2}\] '   # a paragraph's leading [mm:ss] or [hh:mm:ss]
WORK=$(mktemp -d)
readonly WORK
trap 'rm -rf "$WORK"' EXIT

# Prints one paragraph as the SSML that espeak-ng reads: the exact transcript text, XML-escaped,
# with "IV" (intravenous) marked to be spelt out; read as plain text, espeak-ng says
# "roman four". The words themselves are never changed.
to_ssml() {
    printf '<speak>%s</speak>' "$(printf '%s' "$1" \
        | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
              -e 's#\bIV\b#<say-as interpret-as="characters">IV</say-as>#g')"
}

# Prints a time in whole seconds as mm:ss (hh:mm:ss from an hour on).
stamp() {
    local s=$1
    if ((s >= 3600)); then
        printf '%02d:%02d:%02d' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
    else
        printf '%02d:%02d' $((s / 60)) $((s % 60))
    fi
}

make_narration() {
    local -a paragraphs parts starts
    mapfile -t paragraphs < <(grep -E "$STAMP" "$TRANSCRIPT" | sed -E "s/$STAMP//")
    ((${#paragraphs[@]} > 0)) || { echo "no [mm:ss] paragraphs in $TRANSCRIPT" >&2; exit 1; }

    # One WAV per paragraph; espeak-ng writes 22050 Hz mono 16-bit.
    local i=0 text
    for text in "${paragraphs[@]}"; do
        i=$((i + 1))
        to_ssml "$text" >"$WORK/p$i.ssml"
        espeak-ng -v "$VOICE" -s "$WPM" -m -f "$WORK/p$i.ssml" -w "$WORK/p$i.wav"
    done
    # Each paragraph after the first is padded with digital silence in front (no dither, so
    # runs are byte-identical); start times are counted in samples of the real files, so they
    # are exact before rounding down.
    local rate gap at=0 samples
    rate=$(soxi -r "$WORK/p1.wav")
    gap=$(awk -v r="$rate" -v g="$GAP_S" 'BEGIN { printf "%d", r * g }')
    for ((i = 1; i <= ${#paragraphs[@]}; i++)); do
        if ((i > 1)); then
            sox -D "$WORK/p$i.wav" "$WORK/padded$i.wav" pad "${gap}s" 0
            at=$((at + gap))
        else
            cp "$WORK/p$i.wav" "$WORK/padded$i.wav"
        fi
        starts+=("$(stamp $((at / rate)))")
        printf 'paragraph %d starts at sample %d = %s s -> [%s]\n' "$i" "$at" \
            "$(awk -v a="$at" -v r="$rate" 'BEGIN { printf "%.3f", a / r }')" "${starts[-1]}"
        parts+=("$WORK/padded$i.wav")
        at=$((at + $(soxi -s "$WORK/p$i.wav")))
    done
    sox -D "${parts[@]}" "$WORK/narration.wav"
    samples=$(soxi -s "$WORK/narration.wav")
    ((samples == at)) || { echo "concatenated $samples samples, expected $at" >&2; exit 1; }

    lame --quiet -m m -b "$KBPS" --resample 22.05 --id3v2-only \
        --tt "How do Clinicians treat NMO? (synthetic narration)" \
        --ta "espeak-ng speech synthesiser" \
        --tc "Synthetic reading of the transcript for the nmo-feed demo; not the clinician's voice" \
        "$WORK/narration.wav" "$EPISODE/narration.mp3"

    # Rewrite the stamps in place, paragraph by paragraph, leaving every other byte alone.
    local line
    i=0
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ $line =~ $STAMP ]]; then
            line="[${starts[i]}] ${line:${#BASH_REMATCH[0]}}"
            i=$((i + 1))
        fi
        printf '%s\n' "$line"
    done <"$TRANSCRIPT" >"$WORK/transcript.md"
    cat "$WORK/transcript.md" >"$TRANSCRIPT"
}

make_artwork() {
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "Pillow==$PILLOW"
    "$WORK/venv/bin/python" - "$FONT" episodes/artwork.png <<'PY'
import sys
from PIL import Image, ImageDraw, ImageFont

font_file, out = sys.argv[1], sys.argv[2]
SIZE, NAVY, WHITE, SKY = 1400, (11, 31, 58), (255, 255, 255), (127, 209, 255)
image = Image.new("RGB", (SIZE, SIZE), NAVY)
draw = ImageDraw.Draw(image)

def centred(text: str, size: int, y: int, fill: tuple[int, int, int]) -> None:
    """Draws one line of text centred across the image with its top at y."""
    draw.text((SIZE // 2, y), text, font=ImageFont.truetype(font_file, size), fill=fill, anchor="ma")

# Big and few words: podcast apps show artwork as small as 55 px.
centred("NMO", 440, 250, WHITE)
centred("Video Library", 150, 760, WHITE)
draw.rectangle((450, 990, 950, 1004), fill=SKY)
centred("Clinicians answer questions", 64, 1080, WHITE)
centred("about neuromyelitis optica", 64, 1165, WHITE)
image.save(out, optimize=True)
PY
}

case "${1:-all}" in
    all) make_narration; make_artwork ;;
    narration) make_narration ;;
    artwork) make_artwork ;;
    *) echo "usage: $0 [all|narration|artwork]" >&2; exit 2 ;;
esac
sha256sum "$EPISODE/narration.mp3" episodes/artwork.png 2>/dev/null || true
