using System.Globalization;
using System.Text;

namespace RelocationPlanner.Core.Ogc.Cql2;

/// <summary>
/// CQL2 text (OGC 21-065) to a <see cref="CqlExpression"/> tree: a tokenizer and a
/// recursive-descent parser following the standard's BNF (booleanExpression, predicates,
/// spatial, temporal and array functions, WKT and BBOX literals). Keywords are case-insensitive.
/// Every error names the character where it was found.
/// </summary>
public static class CqlText
{
    /// <summary>Filters are query values; Kestrel's request line ends well before this.</summary>
    public const int MaxLength = 16_384;

    /// <summary>Parentheses and NOTs nest at most this deep (the parser recurses; a stack is finite).</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses a whole filter; throws <see cref="CqlException"/> naming the character at fault.</summary>
    public static CqlExpression Parse(string text)
    {
        if (text.Length > MaxLength) throw new CqlException($"the filter is longer than {MaxLength} characters.", new CqlPos(MaxLength));
        var p = new Parser(Tokenize(text));
        var e = p.Expression();
        if (p.Peek.Kind != Kind.End) throw new CqlException($"unexpected {p.Peek.Describe()} after a complete expression.", p.Peek.Pos);
        return e;
    }

    internal enum Kind { Word, Quoted, String, Number, Symbol, End }

    internal readonly record struct Token(Kind Kind, string Text, CqlPos Pos)
    {
        public bool Is(string word) => Kind == Kind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);
        public bool IsSymbol(string s) => Kind == Kind.Symbol && Text == s;

        public string Describe() => Kind switch
        {
            Kind.End => "end of filter",
            Kind.String => $"'{Text}'",
            Kind.Quoted => $"\"{Text}\"",
            _ => $"'{Text}'",
        };
    }

    static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (c == '\'')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= s.Length) throw new CqlException("a text literal is not closed with '.", new CqlPos(start));
                    if (s[i] == '\'' && i + 1 < s.Length && s[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                    if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                    if (s[i] == '\'') { i++; break; }
                    sb.Append(s[i++]);
                }
                tokens.Add(new Token(Kind.String, sb.ToString(), new CqlPos(start)));
            }
            else if (c == '"')
            {
                var end = s.IndexOf('"', i + 1);
                if (end < 0) throw new CqlException("a quoted property name is not closed with \".", new CqlPos(start));
                tokens.Add(new Token(Kind.Quoted, s[(i + 1)..end], new CqlPos(start)));
                i = end + 1;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                if (i < s.Length && s[i] == '.') { i++; while (i < s.Length && char.IsAsciiDigit(s[i])) i++; }
                if (i < s.Length && s[i] is 'e' or 'E' && i + 1 < s.Length && (char.IsAsciiDigit(s[i + 1]) || (s[i + 1] is '+' or '-' && i + 2 < s.Length && char.IsAsciiDigit(s[i + 2]))))
                {
                    i += 2;
                    while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                }
                tokens.Add(new Token(Kind.Number, s[start..i], new CqlPos(start)));
            }
            else if (IsIdentifierStart(c))
            {
                i++;
                while (i < s.Length && (IsIdentifierStart(s[i]) || char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
                tokens.Add(new Token(Kind.Word, s[start..i], new CqlPos(start)));
            }
            else if (c is '<' or '>' && i + 1 < s.Length && (s[i + 1] == '=' || (c == '<' && s[i + 1] == '>')))
            {
                tokens.Add(new Token(Kind.Symbol, s.Substring(i, 2), new CqlPos(start)));
                i += 2;
            }
            else if ("(),=<>+-*/%^".Contains(c))
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString(), new CqlPos(start)));
                i++;
            }
            else throw new CqlException($"the character '{c}' has no meaning here.", new CqlPos(start));
        }
        tokens.Add(new Token(Kind.End, "", new CqlPos(s.Length)));
        return tokens;
    }

    static bool IsIdentifierStart(char c) => char.IsLetter(c) || c is '_' or ':';

    sealed class Parser(List<Token> tokens)
    {
        int _i;
        int _depth;

        /// <summary>One level deeper for the duration of a nested parse; refused past <see cref="MaxDepth"/>.</summary>
        T Nested<T>(CqlPos at, Func<T> parse)
        {
            if (++_depth > MaxDepth) throw new CqlException($"the filter nests deeper than {MaxDepth} levels.", at);
            try
            {
                return parse();
            }
            finally
            {
                _depth--;
            }
        }

        public Token Peek => tokens[_i];
        Token PeekAt(int k) => tokens[Math.Min(_i + k, tokens.Count - 1)];
        Token Next() => tokens[_i == tokens.Count - 1 ? _i : _i++];

        Token Expect(string symbol, string what)
        {
            if (!Peek.IsSymbol(symbol)) throw new CqlException($"expected '{symbol}' {what}, found {Peek.Describe()}.", Peek.Pos);
            return Next();
        }

        bool Accept(string word)
        {
            if (!Peek.Is(word)) return false;
            _i++;
            return true;
        }

        // booleanExpression = booleanTerm { OR booleanTerm }
        public CqlExpression Expression()
        {
            var first = Term();
            if (!Peek.Is("OR")) return first;
            var args = new List<CqlExpression> { first };
            while (Accept("OR")) args.Add(Term());
            return new CqlOr(args, first.At);
        }

        CqlExpression Term()
        {
            var first = Factor();
            if (!Peek.Is("AND")) return first;
            var args = new List<CqlExpression> { first };
            while (Accept("AND")) args.Add(Factor());
            return new CqlAnd(args, first.At);
        }

        CqlExpression Factor()
        {
            var at = Peek.Pos;
            return Accept("NOT") ? new CqlNot(Nested(at, Factor), at) : Primary();
        }

        CqlExpression Primary()
        {
            var t = Peek;
            if (t.IsSymbol("("))
            {
                Next();
                var inner = Nested(t.Pos, Expression);
                Expect(")", "to close the parenthesis opened at " + t.Pos);
                return inner;
            }
            if (t.Kind == Kind.End) throw new CqlException("the filter ends where a condition was expected.", t.Pos);
            if (t.Kind == Kind.Word && PeekAt(1).IsSymbol("("))
            {
                var name = t.Text.ToLowerInvariant();
                if (CqlOperators.Spatial.Contains(name) || CqlOperators.Temporal.Contains(name) || CqlOperators.Array.Contains(name))
                {
                    Next();
                    Next();
                    var a = Operand();
                    Expect(",", $"between the two arguments of {t.Text.ToUpperInvariant()}");
                    var b = Operand();
                    Expect(")", $"to close {t.Text.ToUpperInvariant()}");
                    if (CqlOperators.Array.Contains(name)) return new CqlUnsupported($"the array function {t.Text.ToUpperInvariant()}", t.Pos);
                    return CqlOperators.Spatial.Contains(name) ? new CqlSpatial(name, a, b, t.Pos) : new CqlTemporal(name, a, b, t.Pos);
                }
            }
            return Predicate();
        }

        CqlExpression Predicate()
        {
            var left = Scalar();
            var t = Peek;
            if (t.Kind == Kind.Symbol && CqlOperators.Comparison.Contains(t.Text))
            {
                Next();
                return new CqlCompare(t.Text, left, Scalar(), t.Pos);
            }
            var notAt = Peek.Pos;
            var not = Accept("NOT");
            CqlExpression? e = null;
            if (Accept("LIKE")) e = new CqlLike(left, Scalar(), t.Pos);
            // ILIKE is not CQL2, but GDAL's OAPIF driver writes it for OGR SQL's ILIKE: read as CASEI(a) LIKE CASEI(b).
            else if (Accept("ILIKE")) e = new CqlLike(new CqlCaseI(left, left.At), new CqlCaseI(Scalar(), t.Pos), t.Pos);
            else if (Accept("BETWEEN"))
            {
                var low = Scalar();
                if (!Accept("AND")) throw new CqlException($"expected AND between the bounds of BETWEEN, found {Peek.Describe()}.", Peek.Pos);
                e = new CqlBetween(left, low, Scalar(), t.Pos);
            }
            else if (Accept("IN"))
            {
                Expect("(", "after IN");
                var list = new List<CqlExpression> { Scalar() };
                while (Peek.IsSymbol(",")) { Next(); list.Add(Scalar()); }
                Expect(")", "to close the IN list");
                e = new CqlIn(left, list, t.Pos);
            }
            else if (!not && Accept("IS"))
            {
                var negated = Accept("NOT");
                if (!Accept("NULL")) throw new CqlException($"expected NULL after IS{(negated ? " NOT" : "")}, found {Peek.Describe()}.", Peek.Pos);
                var isNull = new CqlIsNull(left, t.Pos);
                return negated ? new CqlNot(isNull, t.Pos) : isNull;
            }
            if (e is not null) return not ? new CqlNot(e, notAt) : e;
            if (not) throw new CqlException($"expected LIKE, BETWEEN or IN after NOT, found {Peek.Describe()}.", Peek.Pos);
            // A boolean literal or a (boolean) function call may stand alone as a condition.
            if (left is CqlBool or CqlFunction) return left;
            if (left is CqlUnsupported u) throw new CqlException($"{u.What} is not supported by this service (see /ogc/conformance).", u.At);
            throw new CqlException($"expected a comparison (=, <>, <, >, <=, >=), LIKE, BETWEEN, IN or IS NULL after {Show(left)}, found {t.Describe()}.", t.Pos);
        }

        static string Show(CqlExpression e) => e switch
        {
            CqlProperty p => $"the property {p.Name}",
            CqlString s => $"'{s.Value}'",
            CqlNumber n => n.Value.ToString(CultureInfo.InvariantCulture),
            _ => "the value",
        };

        /// <summary>An argument of a spatial or temporal function: a literal, a property or a function.</summary>
        CqlExpression Operand() => Scalar();

        CqlExpression Scalar()
        {
            var v = ScalarCore();
            if (Peek.Kind == Kind.Symbol && Peek.Text is "+" or "-" or "*" or "/" or "%" or "^" || Peek.Is("div"))
            {
                // Read the rest of the arithmetic so the refusal points at its operator, not at what follows.
                var op = Next();
                Nested(op.Pos, Scalar);
                return new CqlUnsupported($"arithmetic ('{op.Text}')", op.Pos);
            }
            return v;
        }

        CqlExpression ScalarCore()
        {
            var t = Next();
            switch (t.Kind)
            {
                case Kind.String: return new CqlString(t.Text, t.Pos);
                case Kind.Number: return Number(t.Text, t.Pos, negative: false);
                case Kind.Quoted: return new CqlProperty(t.Text, t.Pos);
                case Kind.Symbol when t.Text is "-" or "+" && Peek.Kind == Kind.Number:
                    return Number(Next().Text, t.Pos, negative: t.Text == "-");
                case Kind.Symbol when t.Text == "(":
                    // An array or a parenthesised arithmetic expression: neither is offered.
                    _i--;
                    Skip();
                    return new CqlUnsupported("a parenthesised value (an array or arithmetic)", t.Pos);
                case Kind.Word:
                    break;
                default:
                    throw new CqlException($"expected a value or a property name, found {t.Describe()}.", t.Pos);
            }
            var word = t.Text.ToUpperInvariant();
            switch (word)
            {
                case "TRUE": return new CqlBool(true, t.Pos);
                case "FALSE": return new CqlBool(false, t.Pos);
                case "DATE" or "TIMESTAMP" when Peek.IsSymbol("("):
                    return Instant(word);
                case "INTERVAL" when Peek.IsSymbol("("):
                    {
                        Next();
                        var start = IntervalEnd();
                        Expect(",", "between the ends of INTERVAL");
                        var end = IntervalEnd();
                        Expect(")", "to close INTERVAL");
                        return new CqlInterval(start, end, t.Pos);
                    }
                case "CASEI" when Peek.IsSymbol("("):
                    {
                        Next();
                        var arg = Nested(t.Pos, Scalar);
                        Expect(")", "to close CASEI");
                        return new CqlCaseI(arg, t.Pos);
                    }
                case "ACCENTI" when Peek.IsSymbol("("):
                    Skip();
                    return new CqlUnsupported("ACCENTI (accent-insensitive comparison)", t.Pos);
                case "BBOX" when Peek.IsSymbol("("):
                    return Box(t.Pos);
                case "POINT" or "LINESTRING" or "POLYGON" or "MULTIPOINT" or "MULTILINESTRING" or "MULTIPOLYGON" or "GEOMETRYCOLLECTION":
                    _i--;
                    return new CqlGeometry(CqlWkt.Read(this.Tokens, ref _i), t.Pos);
            }
            if (Peek.IsSymbol("("))
            {
                // No functions are offered (the /functions list is empty): refused where it stands.
                Skip();
                return new CqlFunction(t.Text, [], t.Pos);
            }
            return new CqlProperty(t.Text, t.Pos);
        }

        internal List<Token> Tokens => tokens;

        /// <summary>Skips a parenthesised argument list (of something refused afterwards).</summary>
        void Skip()
        {
            var depth = 0;
            do
            {
                var t = Next();
                if (t.Kind == Kind.End) throw new CqlException("a parenthesis is not closed.", t.Pos);
                if (t.IsSymbol("(")) depth++;
                else if (t.IsSymbol(")")) depth--;
            } while (depth > 0);
        }

        CqlExpression Instant(string word)
        {
            Expect("(", "after " + word);
            var s = Next();
            if (s.Kind != Kind.String) throw new CqlException($"{word} takes a quoted {(word == "DATE" ? "date such as '2017-06-01'" : "timestamp such as '2017-06-01T08:00:00Z'")}, found {s.Describe()}.", s.Pos);
            var ok = word == "DATE" ? s.Text.Length == 10 : s.Text.Length > 10;
            if (!ok || OgcTime.Day(s.Text) is not { } day)
                throw new CqlException($"'{s.Text}' is not a valid {(word == "DATE" ? "date (yyyy-mm-dd)" : "timestamp (yyyy-mm-ddThh:mm:ssZ)")}.", s.Pos);
            Expect(")", "to close " + word);
            return new CqlInstant(day, s.Pos);
        }

        CqlExpression IntervalEnd()
        {
            var t = Peek;
            if (t.Kind == Kind.String)
            {
                Next();
                if (t.Text == "..") return new CqlOpen(t.Pos);
                return OgcTime.Day(t.Text) is { } day ? new CqlInstant(day, t.Pos)
                    : throw new CqlException($"'{t.Text}' is not a date, a timestamp or '..'.", t.Pos);
            }
            return Scalar();
        }

        CqlExpression Box(CqlPos at)
        {
            Next();
            var values = new List<double> { CqlWkt.Coordinate(tokens, ref _i) };
            while (Peek.IsSymbol(",")) { Next(); values.Add(CqlWkt.Coordinate(tokens, ref _i)); }
            Expect(")", "to close BBOX");
            return CqlWkt.BoxOf(values, at);
        }

        static CqlNumber Number(string text, CqlPos at, bool negative)
        {
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                throw new CqlException($"the number {text} is out of range.", at);
            return new CqlNumber(negative ? -d : d, at);
        }
    }
}
