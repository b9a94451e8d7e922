// Generates samples/papers/encapsulated_pancreatic_endoderm_summary.pdf (run once from the repository root: dotnet fsi tests/KnowledgeGraph.Core.Tests/Documents/make-sample-pdf.fsx).
#r "nuget: PdfPig, 0.1.16"
open UglyToad.PdfPig.Writer
open UglyToad.PdfPig.Content
open UglyToad.PdfPig.Core
open UglyToad.PdfPig.Fonts.Standard14Fonts

let builder = new PdfDocumentBuilder()
let font = builder.AddStandard14Font(Standard14Font.Helvetica)
let bold = builder.AddStandard14Font(Standard14Font.HelveticaBold)
builder.DocumentInformation.Title <- "Stem cell-derived pancreatic endoderm in an encapsulation device for type 1 diabetes"
let pages = [
  [ ("KnowledgeGraph sample summary - not a published article", 8.0, font); ("", 8.0, font)
    ("Stem cell-derived pancreatic endoderm in an encapsulation device for type 1 diabetes", 15.0, bold); ("", 10.0, font)
    ("Abstract", 12.0, bold)
    ("Pancreatic endoderm cells derived from human embryonic stem cells were implanted", 10.0, font)
    ("subcutaneously in open (perforated) encapsulation devices in adults with type 1 dia-", 10.0, font)
    ("betes who received immunosuppression (ViaCyte VC-02 trial, NCT03163511).", 10.0, font); ("", 10.0, font)
    ("Methods", 12.0, bold)
    ("Seventeen participants received device implants. Engraftment was studied in ex-", 10.0, font)
    ("planted devices and beta-cell function by mixed-meal stimulated C-peptide.", 10.0, font); ("", 10.0, font)
    ("Page 1", 8.0, font) ]
  [ ("KnowledgeGraph sample summary - not a published article", 8.0, font); ("", 8.0, font)
    ("Results", 12.0, bold)
    ("Insulin-expressing cells matured in explanted devices, and about one third of", 10.0, font)
    ("participants had stimulated C-peptide of at least 0.1 nmol/L six months after im-", 10.0, font)
    ("plantation. Insulin independence was not achieved. Adverse events were mostly", 10.0, font)
    ("related to surgery and immunosuppression.", 10.0, font); ("", 10.0, font)
    ("Conclusions", 12.0, bold)
    ("Encapsulated stem cell-derived islet progenitors can engraft and secrete C-peptide;", 10.0, font)
    ("more cells and better immunoisolation are needed for clinical benefit.", 10.0, font); ("", 10.0, font)
    ("Page 2", 8.0, font) ] ]
for lines in pages do
  let page = builder.AddPage(PageSize.A4)
  let mutable y = 800.0
  for (text, size, f) in lines do
    if text <> "" then page.AddText(text, size, PdfPoint(60.0, y), f) |> ignore
    y <- y - (if text = "" then size * 2.5 else size * 1.4)
System.IO.File.WriteAllBytes("samples/papers/encapsulated_pancreatic_endoderm_summary.pdf", builder.Build())
printfn "written"
