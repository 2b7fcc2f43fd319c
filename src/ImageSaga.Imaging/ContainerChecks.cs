using System.Buffers.Binary;
using ImageSaga.Contracts;

namespace ImageSaga.Imaging;

/// <summary>
/// Checks and cuts made on a container's structure, without decoding, where ImageSharp 2.x would otherwise be lenient
/// (a truncated JPEG decodes with grey rows) or unbounded (every frame of an animated GIF, every page of a TIFF, is
/// decoded).
/// </summary>
public static class ContainerChecks
{
    /// <summary>
    /// A JPEG must end its scans with the end-of-image marker. Entropy-coded data escapes every 0xFF, so FF D9 after
    /// the first start-of-scan can only be that marker; data after it (a ZIP appended, as some tools do) is allowed.
    /// </summary>
    /// <exception cref="ImageRejectedException">The file stops before its end-of-image marker.</exception>
    public static void EnsureCompleteJpeg(ReadOnlySpan<byte> jpeg)
    {
        var startOfScan = FirstStartOfScan(jpeg);
        if (startOfScan < 0)
            return; // No scan found by the segment walk: the decoder gives the precise error.
        if (jpeg[(startOfScan + 2)..].IndexOf([(byte)0xFF, (byte)0xD9]) < 0)
        {
            throw new ImageRejectedException(AnalysisFailureReasons.Corrupt,
                "The JPEG ends before its end-of-image marker: the file is truncated.");
        }
    }

    static int FirstStartOfScan(ReadOnlySpan<byte> jpeg)
    {
        var position = 2; // after SOI
        while (position + 4 <= jpeg.Length)
        {
            if (jpeg[position] != 0xFF)
                return -1;
            var marker = jpeg[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker == 0xDA)
                return position;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                position += 2; // markers without a length
                continue;
            }

            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.Slice(position + 2, 2));
        }

        return -1;
    }

    /// <summary>
    /// The GIF cut after its first image, with the trailer: only that frame is analysed, and decoding it costs one
    /// frame's memory however many frames follow (ImageSharp 2.x decodes all of them otherwise). Bytes whose block
    /// structure cannot be walked are returned as they are, for the decoder to judge.
    /// </summary>
    public static byte[] FirstGifFrame(byte[] gif)
    {
        const int HeaderAndScreenDescriptor = 13;
        if (gif.Length < HeaderAndScreenDescriptor)
            return gif;
        var position = HeaderAndScreenDescriptor + ColorTableLength(gif[10]);
        while (position < gif.Length)
        {
            switch (gif[position])
            {
                case 0x21: // extension: label, then data sub-blocks
                    position = SkipSubBlocks(gif, position + 2);
                    break;
                case 0x2C: // image descriptor, optional local colour table, LZW code size, data sub-blocks
                    if (position + 10 > gif.Length)
                        return gif;
                    var end = SkipSubBlocks(gif, position + 10 + ColorTableLength(gif[position + 9]) + 1);
                    if (end < 0 || end >= gif.Length)
                        return gif;
                    var firstFrame = new byte[end + 1];
                    gif.AsSpan(0, end).CopyTo(firstFrame);
                    firstFrame[end] = 0x3B; // trailer
                    return firstFrame;
                default: // trailer or something unexpected
                    return gif;
            }

            if (position < 0)
                return gif;
        }

        return gif;
    }

    /// <summary>
    /// The TIFF with its chain of image file directories ended after the first, so only the first page is decoded
    /// (ImageSharp 2.x decodes every page otherwise: a fax of a hundred pages would cost a hundred pages' memory). The
    /// other pages' bytes stay in the copy, unreferenced. Only classic TIFF is cut; BigTIFF and anything whose first
    /// directory cannot be found are returned as they are, for the decoder to judge.
    /// </summary>
    public static byte[] FirstTiffPage(byte[] tiff)
    {
        const int Header = 8, EntryLength = 12;
        if (tiff.Length < Header)
            return tiff;
        bool? littleEndian = (tiff[0], tiff[1]) switch
        {
            ((byte)'I', (byte)'I') => true,
            ((byte)'M', (byte)'M') => false,
            _ => null,
        };
        if (littleEndian is not { } little || ReadUInt16(tiff, 2, little) != 42)
            return tiff;

        var directory = (long)ReadUInt32(tiff, 4, little);
        if (directory < Header || directory + 2 > tiff.Length)
            return tiff;
        var next = directory + 2 + ((long)ReadUInt16(tiff, (int)directory, little) * EntryLength);
        if (next + 4 > tiff.Length || ReadUInt32(tiff, (int)next, little) == 0)
            return tiff;

        var firstPage = (byte[])tiff.Clone();
        firstPage.AsSpan((int)next, 4).Clear();
        return firstPage;
    }

    static ushort ReadUInt16(byte[] bytes, int position, bool littleEndian) => littleEndian
        ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position))
        : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(position));

    static uint ReadUInt32(byte[] bytes, int position, bool littleEndian) => littleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position))
        : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position));

    static int ColorTableLength(byte packedFields) => (packedFields & 0x80) == 0 ? 0 : 3 << ((packedFields & 0x07) + 1);

    /// <summary>The position after a run of sub-blocks and its zero terminator; -1 past the end.</summary>
    static int SkipSubBlocks(byte[] gif, int position)
    {
        while (position < gif.Length)
        {
            var size = gif[position];
            position += size + 1;
            if (size == 0)
                return position;
        }

        return -1;
    }
}
