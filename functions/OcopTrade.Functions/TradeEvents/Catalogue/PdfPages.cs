namespace OcopTrade.Functions.TradeEvents.Catalogue;

/// <summary>Blocks placed down pages between a top and a bottom edge: a block that does not fit starts the next
/// page whole, never split. A block taller than a page starts on its own page (the renderer keeps blocks shorter).
/// </summary>
internal sealed class PdfPages
{
    private readonly List<List<(IPdfBlock Block, float Y)>> _pages = [[]];
    private readonly float _top, _bottom;
    private float _y;

    public PdfPages(float top, float bottom) => (_top, _bottom, _y) = (top, bottom, top);

    public IReadOnlyList<IReadOnlyList<(IPdfBlock Block, float Y)>> All => _pages;

    private List<(IPdfBlock Block, float Y)> Current => _pages[^1];

    public bool Fits(float height) => Current.Count == 0 || _y + height <= _bottom;

    public void NewPage()
    {
        if (Current.Count == 0) return;
        _pages.Add([]);
        _y = _top;
    }

    public void Place(IPdfBlock block)
    {
        if (!Fits(block.Height)) NewPage();
        Current.Add((block, _y));
        _y += block.Height;
    }
}
