//! Hebrew client sentences (right to left). Same keys as `en.rs`; technical
//! names (SPF, DKIM, DMARC...) stay as they are written in DNS.

pub const CATALOGUE: &[(&str, &str)] = &[
    // Page shell
    ("page.prepared_for", "הוכן עבור {client}"),
    ("page.prepared_by", "הוכן על ידי {name}"),
    ("page.generated", "הופק בתאריך {date}"),
    ("page.client_label", "לקוח"),
    ("page.prepared_by_label", "הוכן על ידי"),
    ("page.generated_label", "הופק"),
    ("page.logo_alt", "לוגו"),
    (
        "page.footer",
        "כל נתון בדוח זה מגיע מהקלטים שצוינו בו; דבר אינו מוערך אלא אם החישוב מוצג לצידו. הופק באמצעות mailaudit {version}.",
    ),
    ("page.summary", "תקציר"),
    ("page.appendix", "נספח: פרטים טכניים"),
    (
        "page.explain",
        "לפרטים הטכניים של בעיה, הריצו: mailaudit explain {code}",
    ),
    // Traffic light and per-check states
    ("light.ok", "תקין"),
    ("light.at_risk", "בסיכון"),
    ("light.failing", "כושל"),
    ("light.incomplete", "לא הושלם"),
    ("state.pass", "עובר"),
    ("state.warning", "אזהרה"),
    ("state.fail", "נכשל"),
    ("state.unknown", "לא ידוע"),
    ("state.not_checked", "לא נבדק"),
    ("state.missing", "לא הוגדר"),
    ("col.check", "בדיקה"),
    ("state.met", "מתקיים"),
    ("state.not_met", "לא מתקיים"),
    ("sev.error", "בעיה"),
    ("sev.warning", "אזהרה"),
    ("sev.info", "הערה"),
    // check
    ("check.title_one", "בדיקת מסירות דואר: {domain}"),
    ("check.title_many", "בדיקת מסירות דואר: {count} דומיינים"),
    ("check.title_message", "בדיקת הודעת קמפיין"),
    (
        "check.verdict.ok",
        "הדומיין {domain} מוגדר היטב: שרתי הדואר המקבלים יכולים לאמת את הדואר שלו ולא נמצא דבר שחוסם מסירה.",
    ),
    (
        "check.verdict.at_risk",
        "הדומיין {domain} יכול לשלוח דואר, אך יש בו בעיות ששולחות דואר לספאם או מאפשרות לאחרים להתחזות אליו.",
    ),
    (
        "check.verdict.failing",
        "בדומיין {domain} יש בעיות שמונעות מסירה של הדואר שלו או את האמון בו.",
    ),
    (
        "check.verdict.incomplete",
        "חלק מהבדיקות של {domain} לא הושלמו כי שאילתות DNS נכשלו; שום בדיקה לא נחשבה כעוברת.",
    ),
    (
        "check.portfolio_verdict",
        "מתוך {total} דומיינים: {failing} כושלים, {at_risk} בסיכון, {incomplete} לא הושלמו, {ok} תקינים.",
    ),
    ("check.worst", "הדחוף ביותר: {problem}"),
    ("check.worst_in", "הדחוף ביותר ({domain}): {problem}"),
    ("check.nothing_urgent", "אין בעיה שדורשת טיפול כעת."),
    (
        "check.period",
        "נבדק בתאריך {date}, לפי רשומות ה-DNS הציבוריות של כל דומיין.",
    ),
    ("check.grid", "הבדיקות במבט אחד"),
    ("check.overview", "כל הדומיינים"),
    ("check.details", "כל דומיין בנפרד"),
    (
        "check.checklist",
        "דרישות השולחים בכמות גדולה של Gmail, Yahoo ו-Microsoft",
    ),
    ("check.guidelines", "הכללים של הספקים עצמם:"),
    ("check.fixes", "מה לתקן"),
    ("check.no_fixes", "אין מה לתקן."),
    ("check.fix.publish", "פרסמו את רשומת ה-DNS הזו:"),
    ("check.fix.replace", "החליפו את הרשומה בשם הזה ב:"),
    ("check.fix.serve", "והגישו את הקובץ הזה בכתובת {url}:"),
    (
        "check.fix.dkim",
        "הפעילו חתימת DKIM בכל שירות ששולח דואר בשם {domain}. כל שירות נותן רשומת מפתח לפרסום תחת _domainkey.{domain}; פרסמו אותה בדיוק כפי שניתנה.",
    ),
    ("check.fix.delist", "לאחר תיקון הסיבה, בקשו הסרה:"),
    ("check.fix.general", "מה לעשות:"),
    ("check.records", "הרשומות שנמצאו"),
    ("check.findings", "כל הממצאים"),
    ("check.method", "שיטה"),
    (
        "check.method_text",
        "כל דומיין נבדק לפי רשומות ה-DNS הציבוריות שלו: SPF, מפתחות DKIM בבוררים מוכרים, DMARC, MX, MTA-STS, TLS-RPT, BIMI ורשימות החסימה העיקריות. שאילתה שנכשלה מוצגת כלא ידועה, לעולם לא כעוברת.",
    ),
    ("check.notes", "הערות"),
    ("col.domain", "דומיין"),
    ("col.verdict", "מצב"),
    ("col.worst", "הבעיה הדחופה ביותר"),
    ("col.requirement", "דרישה"),
    ("col.required_by", "נדרש על ידי"),
    ("col.status", "סטטוס"),
    ("col.severity", "חומרה"),
    ("col.finding", "ממצא"),
    ("col.evidence", "מה נמצא"),
    ("col.code", "קוד"),
    ("col.name", "שם"),
    ("col.type", "סוג"),
    ("col.value", "ערך"),
    ("grid.spf", "SPF"),
    ("grid.dkim", "DKIM"),
    ("grid.dmarc", "DMARC"),
    ("grid.mx", "MX"),
    ("grid.blocklist", "רשימות חסימה"),
    ("grid.mta_sts", "MTA-STS"),
    ("grid.tls_rpt", "TLS-RPT"),
    ("grid.bimi", "BIMI"),
    ("req.spf", "רשומת SPF מפורסמת ותקינה"),
    ("req.dkim", "מפתח DKIM מפורסם (1024 ביט ומעלה)"),
    ("req.dmarc", "רשומת DMARC מפורסמת (p=none או חזקה יותר)"),
    ("req.rdns", "לשרתי השליחה יש DNS ישיר והפוך תואמים"),
    ("req.alignment", "התאמת DMARC של דומיין השולח (From:) ל-SPF או ל-DKIM"),
    ("req.one_click", "הסרה מרשימת תפוצה בלחיצה אחת בדואר שיווקי"),
    ("req.complaints", "שיעור תלונות ספאם מתחת ל-0.3% (Gmail: יעד 0.1%)"),
    ("req.tls", "TLS בכל חיבור"),
    ("consequence.domain", "אי אפשר למסור או לאמת דואר מהשם הזה כלל."),
    (
        "consequence.blocklist",
        "שרתים שמשתמשים ברשימה זו דוחים את הדואר שלכם או מסמנים אותו כספאם.",
    ),
    (
        "consequence.spf",
        "השרתים המקבלים אינם יכולים לוודא שהשרתים שלכם רשאים לשלוח בשם הדומיין, ולכן יותר דואר מגיע לספאם או נדחה.",
    ),
    (
        "consequence.dkim",
        "הדואר אינו חתום, ולכן Gmail,‏ Yahoo ו-Microsoft עלולים לדחות דואר בכמות גדולה או לסמן אותו כספאם.",
    ),
    (
        "consequence.dmarc",
        "כל אחד יכול לשלוח דואר שנראה כאילו נשלח מכם, ודואר בכמות גדולה ל-Gmail,‏ Yahoo ו-Microsoft בסיכון.",
    ),
    (
        "consequence.rdns",
        "Gmail ו-Yahoo אינם סומכים על שרתים ששמם אינו תואם את כתובתם.",
    ),
    ("consequence.mx", "תשובות והודעות החזרה לדומיין עלולות לא להגיע."),
    ("consequence.bimi", "הלוגו שלכם אינו מוצג ליד הדואר שלכם."),
    (
        "consequence.mta_sts",
        "דואר שנשלח אליכם עלול להיקרא או להיות מוסט בדרך.",
    ),
    ("consequence.dane", "דואר שנשלח אליכם עלול להיקרא או להיות מוסט בדרך."),
    (
        "consequence.tls_rpt",
        "לא תקבלו דיווח כשדואר אליכם לא מגיע בצורה מאובטחת.",
    ),
    ("consequence.dns", "חלק זה לא נבדק עד הסוף; התוצאה לא ידועה, לא עוברת."),
    ("consequence.message", "סביר יותר שהודעה זו תסומן כספאם או תידחה."),
    ("consequence.other", "זה פוגע במסירה או באמון."),
    ("changes.title", "מאז הבדיקה הקודמת"),
    (
        "changes.summary",
        "{new} בעיות חדשות, {fixed} תוקנו, {unchanged} ללא שינוי.",
    ),
    ("changes.new", "בעיות חדשות"),
    ("changes.fixed", "תוקנו"),
    ("changes.unverified", "לא נראו עוד, אך לא אושר שתוקנו (שאילתות נכשלו)"),
    ("changes.since", "מאז {date}"),
    (
        "changes.summary_moved",
        "{new} בעיות חדשות, {fixed} תוקנו, {moved} נתונים השתנו.",
    ),
    ("changes.moved", "נתונים שהשתנו"),
    ("changes.figure", "נתון"),
    ("changes.before", "לפני"),
    ("changes.now", "עכשיו"),
    ("changes.better", "השתפר"),
    ("changes.worse", "הורע"),
    // One sentence per finding code, for reports in other languages than
    // the check's own English message.
    (
        "finding.spf.missing",
        "אין רשומת SPF: השרתים המקבלים אינם יכולים לדעת אילו שרתים רשאים לשלוח דואר בשם הדומיין.",
    ),
    (
        "finding.spf.multiple_records",
        "יש יותר מרשומת SPF אחת: השרתים המקבלים מתייחסים ל-SPF כשבור.",
    ),
    (
        "finding.spf.syntax",
        "ברשומת ה-SPF יש שגיאה שהשרתים המקבלים אינם יכולים לעבור.",
    ),
    (
        "finding.spf.lookup_limit",
        "רשומת ה-SPF דורשת יותר מ-10 שאילתות DNS, ולכן השרתים המקבלים מפסיקים לבדוק אותה.",
    ),
    (
        "finding.spf.void_limit",
        "יותר מדי שאילתות SPF אינן מוצאות דבר, ולכן השרתים המקבלים מפסיקים לבדוק אותה.",
    ),
    (
        "finding.spf.permissive_all",
        "רשומת ה-SPF מתירה לכל שרת בעולם לשלוח בשם הדומיין.",
    ),
    (
        "finding.spf.weak_all",
        "רשומת ה-SPF אינה מסמנת דואר משרתים שאינם ברשימה.",
    ),
    (
        "finding.spf.no_all",
        "רשומת ה-SPF אינה אומרת מה לעשות עם שרתים שאינם ברשימה.",
    ),
    (
        "finding.dmarc.missing",
        "אין רשומת DMARC: אפשר להתחזות לדומיין, ודרישות השולחים בכמות גדולה אינן מתקיימות.",
    ),
    (
        "finding.dmarc.multiple_records",
        "יש יותר מרשומת DMARC אחת: השרתים המקבלים מתעלמים מ-DMARC.",
    ),
    (
        "finding.dmarc.syntax",
        "ברשומת ה-DMARC יש שגיאה שהשרתים המקבלים אינם יכולים לעבור.",
    ),
    (
        "finding.dmarc.policy_none",
        "מדיניות ה-DMARC רק מנטרת: דואר שמתחזה לדומיין עדיין נמסר.",
    ),
    ("finding.dmarc.pct", "מדיניות ה-DMARC חלה רק על חלק מהדואר."),
    (
        "finding.dmarc.no_rua",
        "רשומת ה-DMARC אינה מבקשת דוחות, ולכן איש אינו רואה מי שולח בשם הדומיין.",
    ),
    ("finding.dkim.missing", "לא נמצא מפתח DKIM: הדואר אינו חתום."),
    ("finding.dkim.weak_key", "מפתח DKIM קצר מכדי שאפשר יהיה לסמוך עליו."),
    ("finding.dkim.short_key", "מפתח DKIM קצר מ-2048 הביט המומלצים כיום."),
    (
        "finding.dkim.unknown",
        "לא נמצא מפתח DKIM בשמות המקובלים; השירות ששולח את הדואר יודע את שמו.",
    ),
    ("finding.mx.missing", "לא פורסם שרת דואר לדומיין."),
    (
        "finding.mx.unresolvable",
        "לשרת הדואר {subject} אין כתובת IP, ולכן אי אפשר למסור אליו דואר.",
    ),
    ("finding.mta_sts.missing", "דואר שנשלח לדומיין אינו מוגן ב-MTA-STS."),
    (
        "finding.mta_sts.policy_unreachable",
        "אי אפשר להוריד את קובץ המדיניות של MTA-STS.",
    ),
    (
        "finding.mta_sts.testing",
        "MTA-STS רק מדווח על בעיות; הוא עדיין אינו מגן על הדואר.",
    ),
    (
        "finding.tls_rpt.missing",
        "אין כתובת לדיווחי TLS: מסירות מאובטחות שנכשלו אינן מדווחות.",
    ),
    (
        "finding.bimi.dmarc_not_enforced",
        "הלוגו (BIMI) לא יוצג עד שמדיניות ה-DMARC תיאכף.",
    ),
    (
        "finding.blocklist.listed",
        "{subject} מופיע ברשימת חסימה (רשימה שחורה).",
    ),
    (
        "finding.blocklist.unknown",
        "לא ניתן היה לבדוק רשימת חסימה; התוצאה לא ידועה.",
    ),
    (
        "finding.rdns.missing",
        "לשרת השליחה {subject} אין שם ב-DNS ההפוך (רשומת PTR).",
    ),
    (
        "finding.rdns.mismatch",
        "השם של שרת השליחה {subject} ב-DNS ההפוך אינו מפנה בחזרה לכתובת שלו.",
    ),
    ("finding.dns.temperror", "שאילתת DNS נכשלה, ולכן חלק מהדומיין לא נבדק."),
    ("finding.domain.not_found", "הדומיין אינו קיים ב-DNS: בדקו את האיות."),
    // What to do, per finding code without a record to publish (other languages).
    (
        "fix.spf.multiple_records",
        "אחדו את רשומות ה-SPF לרשומה אחת שמפרטת כל שירות ששולח בשם הדומיין.",
    ),
    (
        "fix.spf.syntax",
        "תקנו את רשומת ה-SPF; הנספח מראה את החלק שהשרתים המקבלים אינם יכולים לקרוא.",
    ),
    (
        "fix.spf.lookup_limit",
        "הסירו הכללות של שירותים שכבר אינכם משתמשים בהם, או החליפו אותן בכתובות שהן מייצגות, עד שהרשומה דורשת 10 שאילתות או פחות.",
    ),
    (
        "fix.spf.void_limit",
        "הסירו מרשומת ה-SPF הכללות ושמות שכבר אינם קיימים.",
    ),
    ("fix.dmarc.multiple_records", "השאירו רשומת DMARC אחת ומחקו את האחרות."),
    (
        "fix.dmarc.syntax",
        "תקנו את רשומת ה-DMARC; הנספח מראה את החלק שהשרתים המקבלים אינם יכולים לקרוא.",
    ),
    (
        "fix.dkim.weak_key",
        "בקשו משירות השליחה מפתח חדש של 2048 ביט, פרסמו אותו ואז הסירו את הישן.",
    ),
    (
        "fix.dkim.short_key",
        "כששירות השליחה מאפשר זאת, עברו למפתח של 2048 ביט.",
    ),
    (
        "fix.dkim.unknown",
        "בקשו מכל שירות ששולח את הדואר שלכם את בורר ה-DKIM שלו, כדי שאפשר יהיה לבדוק אותו.",
    ),
    (
        "fix.mx.missing",
        "פרסמו את שרתי הדואר שמקבלים דואר לדומיין, או רשומת MX ריקה אם אינו מקבל דואר.",
    ),
    (
        "fix.mx.unresolvable",
        "תנו לשרת הדואר כתובת, או הסירו אותו מרשומות ה-MX.",
    ),
    (
        "fix.mta_sts.policy_unreachable",
        "דאגו שקובץ המדיניות יהיה זמין ב-HTTPS עם תעודה תקפה, או הסירו את רשומת ה-MTA-STS.",
    ),
    (
        "fix.mta_sts.testing",
        "כשהדוחות אינם מראים כשלים, שנו את מצב המדיניות ל-enforce.",
    ),
    (
        "fix.blocklist.listed",
        "מצאו ועצרו את הסיבה (חשבון פרוץ, רשימות קנויות, שרת מוגדר לא נכון), ואז בקשו הסרה.",
    ),
    (
        "fix.rdns.missing",
        "בקשו ממי שמפעיל את שרת השליחה להגדיר לו שם ב-DNS ההפוך שמפנה בחזרה אליו.",
    ),
    (
        "fix.rdns.mismatch",
        "דאגו ששם ה-DNS ההפוך של שרת השליחה יפנה בחזרה לכתובת שלו.",
    ),
    (
        "fix.dns.temperror",
        "הריצו את הבדיקה שוב מאוחר יותר; אם היא ממשיכה להיכשל, שאלו את ספק ה-DNS מדוע השאילתה נכשלת.",
    ),
    // Findings and fixes of the remaining codes: every code has both (a
    // test iterates the registry). `{domain}` is the audited domain,
    // `{subject}` what the finding is about (a mail server, an address).
    // U+200E (left-to-right mark) keeps a leading ~ or - on the left of
    // the SPF term it belongs to.
    (
        "finding.domain.nonexistent_policy",
        "דואר שמתחזה לשם {domain}, שאינו קיים ב-DNS, נבחן לפי מדיניות ה-DMARC של הדומיין הארגוני.",
    ),
    (
        "finding.domain.nothing_checked",
        "לא ניתן היה לבדוק דבר עבור {domain}: כל שאילתות ה-DNS נכשלו.",
    ),
    (
        "finding.spf.include_loop",
        "רשומת ה-SPF של {domain} מפנה בלולאה חזרה לעצמה, ולכן בדיקת ה-SPF נכשלת.",
    ),
    (
        "finding.spf.ptr",
        "רשומת ה-SPF של {domain} משתמשת במנגנון ptr, ששרתים מקבלים עשויים להתעלם ממנו.",
    ),
    (
        "finding.spf.ip_not_authorized",
        "שרת השליחה {subject} אינו מורשה ברשומת ה-SPF של {domain}.",
    ),
    (
        "finding.dmarc.external_rua_unauthorized",
        "דוחות ה-DMARC של {domain} נשלחים אל {subject}, שלא אישר ב-DNS לקבל אותם, ולכן הם אובדים.",
    ),
    (
        "finding.dmarc.testing",
        "מדיניות ה-DMARC של {domain} במצב בדיקה, ולכן אינה נאכפת במלואה.",
    ),
    (
        "finding.dmarc.removed_tag",
        "ברשומת ה-DMARC יש תגיות שהוסרו מהתקן העדכני; שרתים מקבלים עשויים להתעלם מהן.",
    ),
    (
        "finding.dmarc.org_domain_differs",
        "שרתים מקבלים עשויים לחלוק על השאלה איזו מדיניות DMARC חלה על {domain}.",
    ),
    (
        "finding.dmarc.unknown_tag",
        "ברשומת ה-DMARC יש תגיות ששרתים מקבלים אינם מכירים (אולי שגיאת הקלדה?).",
    ),
    (
        "finding.dkim.testing",
        "מפתח DKIM מוגדר במצב בדיקה, ולכן שרתים מקבלים עשויים להתייחס לדואר כאל דואר לא חתום.",
    ),
    (
        "finding.dkim.revoked",
        "מפתח DKIM בוטל: דואר שנחתם בו נכשל באימות DKIM.",
    ),
    (
        "finding.dkim.syntax",
        "אי אפשר לקרוא רשומה של מפתח DKIM, ולכן חתימות שנעשו בו נכשלות.",
    ),
    (
        "finding.dkim.unused_key",
        "מפתח DKIM אינו מופיע בדוחות ה-DMARC; ייתכן שאיש כבר אינו משתמש בו.",
    ),
    (
        "finding.mx.null",
        "הדומיין {domain} מצהיר שאינו מקבל דואר (Null MX): תשובות והודעות החזרה אליו נדחות.",
    ),
    (
        "finding.mx.cname",
        "שרת הדואר {subject} מוגדר ככינוי (CNAME), וחלק מהשרתים השולחים מסרבים למסור אליו.",
    ),
    (
        "finding.mta_sts.syntax",
        "אי אפשר לקרוא את רשומת ה-MTA-STS, ולכן שרתים שולחים מתעלמים מהמדיניות.",
    ),
    (
        "finding.mta_sts.policy_invalid",
        "קובץ המדיניות של MTA-STS אינו תקין, ולכן שרתים שולחים מתעלמים ממנו.",
    ),
    (
        "finding.mta_sts.mx_mismatch",
        "שרת הדואר {subject} אינו מכוסה במדיניות ה-MTA-STS, ולכן שרתים שאוכפים אותה עלולים שלא למסור אליו דואר.",
    ),
    (
        "finding.mta_sts.max_age_short",
        "השרתים השולחים שומרים את מדיניות ה-MTA-STS פחות מיממה, ולכן ההגנה שהיא נותנת מועטה.",
    ),
    (
        "finding.dane.present",
        "שרת הדואר {subject} מפרסם רשומות DANE: מסירת דואר אליו מוגנת.",
    ),
    (
        "finding.dane.invalid_record",
        "אחת מרשומות ה-DANE (TLSA) של שרת הדואר {subject} אינה שמישה.",
    ),
    (
        "finding.dane.unsigned",
        "רשומות ה-DANE של שרת הדואר {subject} אינן חתומות ב-DNSSEC, ולכן שרתים שולחים מתעלמים מהן.",
    ),
    (
        "finding.tls_rpt.syntax",
        "אי אפשר לקרוא את רשומת ה-TLS-RPT, ולכן לא מתקבלים דוחות.",
    ),
    (
        "finding.bimi.syntax",
        "אי אפשר לקרוא את רשומת ה-BIMI, ולכן הלוגו אינו מוצג.",
    ),
    (
        "finding.blocklist.query_refused",
        "רשימת חסימה סירבה לענות לשאילתה, ולכן לא ידוע אם הכתובת רשומה בה.",
    ),
    (
        "finding.blocklist.range_not_looked_up",
        "טווח כתובות שמופיע ברשומת ה-SPF לא נבדק מול רשימות החסימה.",
    ),
    ("finding.message.dkim_missing", "ההודעה אינה חתומה ב-DKIM."),
    ("finding.message.dkim_invalid", "חתימת DKIM של ההודעה אינה עוברת אימות."),
    (
        "finding.message.dkim_weak_key",
        "ההודעה חתומה במפתח DKIM קצר מ-1024 ביט, ששרתים מקבלים מתעלמים ממנו.",
    ),
    (
        "finding.message.dkim_body_length",
        "חתימת ה-DKIM מכסה רק חלק מגוף ההודעה, כך שאפשר להוסיף לה תוכן בלי לפגוע בחתימה.",
    ),
    (
        "finding.message.dkim_headers_unsigned",
        "כותרות חשובות אינן מכוסות בחתימת ה-DKIM, ואפשר לשנות אותן.",
    ),
    (
        "finding.message.dkim_unaligned",
        "אין חתימת DKIM תקפה שתואמת לדומיין השולח (From).",
    ),
    (
        "finding.message.spf_unaligned",
        "דומיין ההחזרה (Return-Path) אינו תואם לדומיין השולח (From), ולכן SPF אינו נספר לטובת DMARC.",
    ),
    ("finding.message.dmarc_fail", "ההודעה תיכשל באימות DMARC."),
    (
        "finding.message.unsubscribe_missing",
        "אין בהודעה כותרת List-Unsubscribe להסרה מרשימת התפוצה.",
    ),
    (
        "finding.message.one_click_missing",
        "ההסרה בלחיצה אחת (One-Click) אינה מוגדרת במלואה.",
    ),
    (
        "finding.message.unsubscribe_unsigned",
        "כותרות ההסרה מרשימת התפוצה אינן מכוסות בחתימת DKIM תקפה.",
    ),
    (
        "finding.message.syntax",
        "ההודעה אינה בנויה כהודעת דואר תקינה (RFC 5322).",
    ),
    (
        "finding.message.no_text_part",
        "להודעה יש גרסת HTML בלבד, בלי גרסת טקסט רגיל.",
    ),
    (
        "finding.message.too_large",
        "גודל ה-HTML עולה על 102KB, ולכן Gmail קוטע את ההודעה.",
    ),
    (
        "finding.message.from_display_spoof",
        "שם התצוגה של השולח מציג כתובת של דומיין אחר.",
    ),
    (
        "finding.message.link_listed",
        "הדומיין {subject} שבקישור רשום ברשימת חסימה של דומיינים.",
    ),
    (
        "finding.message.link_shortener",
        "קישור עובר דרך מקצר הכתובות {subject}, שמסתיר לאן הוא מוביל.",
    ),
    (
        "finding.message.il_subject_label",
        "שורת הנושא אינה מתחילה במילה \"פרסומת\", כנדרש בדבר פרסומת לפי סעיף 30א לחוק התקשורת.",
    ),
    (
        "finding.message.sender_identity_missing",
        "לא נמצאו בהודעה שם המפרסם או פרטי ההתקשרות שלו.",
    ),
    (
        "finding.message.opt_out_missing",
        "אין בהודעה דרך לסרב לקבלת דיוורים נוספים.",
    ),
    (
        "finding.message.postal_address_missing",
        "לא נמצאה בהודעה כתובת דואר פיזית (נדרשת לפי CAN-SPAM).",
    ),
    (
        "fix.domain.not_found",
        "תקנו את איות הדומיין, או רשמו אותו לפני ששולחים ממנו דואר.",
    ),
    (
        "fix.domain.nonexistent_policy",
        "כדי להגן על כל שם שאינו קיים, הוסיפו np=reject לרשומת ה-DMARC של הדומיין הארגוני.",
    ),
    (
        "fix.domain.nothing_checked",
        "בדקו את החיבור לרשת ואת שרת ה-DNS, והריצו את הבדיקה שוב.",
    ),
    (
        "fix.spf.missing",
        "פרסמו רשומת SPF שמפרטת כל שירות ששולח דואר בשם {domain}.",
    ),
    (
        "fix.spf.include_loop",
        "הסירו את ה-include או ה-redirect שמפנה בחזרה לרשומה קודמת בשרשרת.",
    ),
    (
        "fix.spf.permissive_all",
        "סיימו את רשומת ה-SPF ב-\u{200e}~all או ב-\u{200e}-all במקום \u{200e}+all.",
    ),
    (
        "fix.spf.weak_all",
        "סיימו את רשומת ה-SPF ב-\u{200e}~all (או ב-\u{200e}-all, אחרי שכל השולחים מופיעים בה).",
    ),
    (
        "fix.spf.no_all",
        "סיימו את רשומת ה-SPF ב-\u{200e}~all (או ב-\u{200e}-all, אחרי שכל השולחים מופיעים בה).",
    ),
    (
        "fix.spf.ptr",
        "החליפו את ptr בטווחי הכתובות של שרתי השליחה או במנגנון a.",
    ),
    (
        "fix.spf.ip_not_authorized",
        "הוסיפו את השרת לרשומת ה-SPF (את הכתובת שלו או את ה-include של הספק), או הפסיקו לשלוח ממנו.",
    ),
    (
        "fix.dmarc.missing",
        "פרסמו רשומת DMARC עבור {domain}, בהתחלה עם p=none וכתובת לקבלת דוחות.",
    ),
    (
        "fix.dmarc.policy_none",
        "כשהדוחות מראים שכל הדואר הלגיטימי שלכם עובר, העבירו את המדיניות ל-p=quarantine ובהמשך ל-p=reject.",
    ),
    (
        "fix.dmarc.pct",
        "הסירו את התגית pct (או העלו את ערכה ל-100) כשהדוחות מראים שהדואר שלכם עובר.",
    ),
    (
        "fix.dmarc.no_rua",
        "הוסיפו לרשומת ה-DMARC כתובת לקבלת דוחות מצטברים (התגית rua).",
    ),
    (
        "fix.dmarc.external_rua_unauthorized",
        "בקשו ממקבל הדוחות לפרסם רשומת הרשאה עבור {domain}, או שלחו את הדוחות לכתובת בדומיין שלכם.",
    ),
    (
        "fix.dmarc.testing",
        "הסירו את t=y כשהדוחות מראים שכל הדואר הלגיטימי שלכם עובר.",
    ),
    ("fix.dmarc.removed_tag", "הסירו את התגיות המיושנות בהזדמנות."),
    (
        "fix.dmarc.org_domain_differs",
        "פרסמו את המדיניות הרצויה בשני הדומיינים, או סמנו את הדומיין הארגוני בתגית psd=n.",
    ),
    (
        "fix.dmarc.unknown_tag",
        "בדקו את האיות של התגיות והסירו את אלה שאינכם צריכים.",
    ),
    (
        "fix.dkim.missing",
        "הפעילו חתימת DKIM עבור {domain} בכל שירות ששולח את הדואר שלכם, ופרסמו את המפתחות שהוא מספק.",
    ),
    ("fix.dkim.testing", "כשהחתימה עובדת, הסירו את t=y מרשומת המפתח."),
    (
        "fix.dkim.revoked",
        "אם דואר עדיין נחתם במפתח הזה, פרסמו את המפתח הציבורי העדכני שלו; אחרת אין צורך לעשות דבר.",
    ),
    (
        "fix.dkim.syntax",
        "העתיקו שוב את רשומת המפתח משירות השליחה, בדיוק כפי שהיא מופיעה שם.",
    ),
    (
        "fix.dkim.unused_key",
        "אם אף שירות כבר אינו חותם במפתח הזה, הסירו אותו; אחרת אין צורך לעשות דבר.",
    ),
    (
        "fix.mx.null",
        "אם הדומיין לא אמור לקבל דואר, השאירו זאת כך; אחרת הפנו את רשומת ה-MX לשירות דואר אמיתי, כדי שתשובות והודעות החזרה יגיעו.",
    ),
    ("fix.mx.cname", "הפנו את רשומת ה-MX לשם השרת האמיתי ולא לכינוי."),
    (
        "fix.mta_sts.missing",
        "פרסמו רשומת MTA-STS וקובץ מדיניות, בהתחלה במצב testing.",
    ),
    ("fix.mta_sts.syntax", "פרסמו רשומת MTA-STS אחת בלבד, עם מזהה (id) תקין."),
    (
        "fix.mta_sts.policy_invalid",
        "תקנו את קובץ המדיניות: version, mode, max_age ושורת mx לכל שרת דואר.",
    ),
    (
        "fix.mta_sts.mx_mismatch",
        "הוסיפו לקובץ המדיניות שורת mx שמכסה את שרת הדואר, ואז שנו את ה-id ברשומת ה-MTA-STS כדי שהשרתים השולחים יורידו את המדיניות החדשה.",
    ),
    (
        "fix.mta_sts.max_age_short",
        "הגדירו max_age של יממה לפחות (86400); מקובל שבוע עד כמה שבועות.",
    ),
    (
        "fix.dane.present",
        "אין מה לתקן; פרסמו את הרשומה החדשה לפני כל החלפת תעודה.",
    ),
    (
        "fix.dane.invalid_record",
        "החליפו את הרשומה הפגומה ברשומת 3 1 1 (ה-SHA-256 של המפתח הציבורי של השרת).",
    ),
    ("fix.dane.unsigned", "חתמו את אזור ה-DNS של שרת הדואר ב-DNSSEC."),
    ("fix.tls_rpt.missing", "פרסמו רשומת TLS-RPT עם כתובת לקבלת הדוחות."),
    (
        "fix.tls_rpt.syntax",
        "פרסמו רשומת TLS-RPT אחת בלבד, עם כתובת לקבלת הדוחות (mailto או https).",
    ),
    (
        "fix.bimi.syntax",
        "פרסמו רשומת BIMI אחת, שכתובת הלוגו בה היא קישור https לקובץ SVG.",
    ),
    (
        "fix.bimi.dmarc_not_enforced",
        "העבירו את מדיניות ה-DMARC ל-p=quarantine או ל-p=reject; רק אז הלוגו יוצג.",
    ),
    (
        "fix.blocklist.query_refused",
        "הריצו את הבדיקה דרך שרת DNS משלכם ולא דרך שרת ציבורי, או השתמשו בשירות השאילתות של הרשימה עצמה.",
    ),
    (
        "fix.blocklist.range_not_looked_up",
        "בדקו אחת-אחת את הכתובות ששולחות דואר בפועל.",
    ),
    (
        "fix.blocklist.unknown",
        "הריצו את הבדיקה שוב מאוחר יותר; אם רשימה ממשיכה שלא לענות, השתמשו בשרת DNS שאינו משנה תשובות.",
    ),
    (
        "fix.message.dkim_missing",
        "הפעילו בשירות השליחה חתימת DKIM עבור הדומיין השולח (From).",
    ),
    (
        "fix.message.dkim_invalid",
        "ודאו ששום דבר אינו משנה את ההודעה אחרי החתימה, ושהמפתח המפורסם תואם למפתח שהשירות חותם בו.",
    ),
    (
        "fix.message.dkim_weak_key",
        "צרו מפתח של 2048 ביט, פרסמו אותו תחת בורר (selector) חדש וחתמו בו.",
    ),
    (
        "fix.message.dkim_body_length",
        "בטלו בהגדרות החתימה את הגבלת אורך הגוף.",
    ),
    (
        "fix.message.dkim_headers_unsigned",
        "חתמו גם על הכותרות החשובות, כולל List-Unsubscribe ו-List-Unsubscribe-Post.",
    ),
    (
        "fix.message.dkim_unaligned",
        "הגדירו בשירות השליחה DKIM מותאם (אימות דומיין), כך שהחתימה תהיה בשם הדומיין השולח.",
    ),
    (
        "fix.message.spf_unaligned",
        "הגדירו בשירות השליחה דומיין החזרה (Return-Path) מותאם, תחת הדומיין השולח.",
    ),
    (
        "fix.message.dmarc_fail",
        "חתמו במפתח של הדומיין השולח, או השתמשו בדומיין החזרה (Return-Path) שנמצא תחתיו.",
    ),
    (
        "fix.message.unsubscribe_missing",
        "הפעילו בשירות השליחה את כותרת List-Unsubscribe, עם הסרה בלחיצה אחת.",
    ),
    (
        "fix.message.one_click_missing",
        "הוסיפו כתובת הסרה ב-https שפועלת בלחיצה אחת, ואת הכותרת List-Unsubscribe-Post.",
    ),
    (
        "fix.message.unsubscribe_unsigned",
        "הוסיפו את כותרות ההסרה לרשימת הכותרות ששירות השליחה חותם עליהן.",
    ),
    ("fix.message.syntax", "תקנו את התבנית או את הקוד שבונה את ההודעה."),
    ("fix.message.no_text_part", "הוסיפו להודעה גרסת טקסט רגיל של התוכן."),
    (
        "fix.message.too_large",
        "הקטינו את ה-HTML: הסירו עיצובים שאינם בשימוש, וקשרו לתמונות במקום להטמיע אותן.",
    ),
    (
        "fix.message.from_display_spoof",
        "השתמשו בשם רגיל כשם התצוגה, ולא בכתובת דואר.",
    ),
    (
        "fix.message.link_listed",
        "הסירו או החליפו את הקישור; אם הדומיין שלכם, בררו מדוע נרשם והגישו בקשת הסרה.",
    ),
    (
        "fix.message.link_shortener",
        "קשרו ישירות ליעד, או השתמשו בדומיין קישורים ממותג משלכם.",
    ),
    (
        "fix.message.il_subject_label",
        "פתחו את שורת הנושא במילה \"פרסומת\", למשל: \"פרסומת: מבצע סוף העונה\".",
    ),
    (
        "fix.message.sender_identity_missing",
        "הוסיפו בתחתית ההודעה את שם המפרסם ואת פרטי ההתקשרות שלו.",
    ),
    (
        "fix.message.opt_out_missing",
        "הוסיפו בתחתית ההודעה קישור להסרה מרשימת התפוצה.",
    ),
    (
        "fix.message.postal_address_missing",
        "הוסיפו את הכתובת הפיזית שלכם בתחתית ההודעה.",
    ),
    // Markdown reports (check, and what changed).
    ("md.status.ok", "תקין"),
    ("md.status.at_risk", "בסיכון"),
    ("md.status.failing", "כושל"),
    ("md.status.incomplete", "לא הושלם"),
    ("md.sev.error", "בעיה"),
    ("md.sev.warning", "אזהרה"),
    ("md.sev.info", "הערה"),
    ("md.col.subject", "רכיב"),
    ("md.col.message", "ממצא"),
    ("md.col.fix", "תיקון"),
    ("md.col.change", "שינוי"),
    ("md.col.errors", "בעיות"),
    ("md.col.warnings", "אזהרות"),
    ("md.col.info", "הערות"),
    ("md.known", "ידוע"),
    ("md.new", "חדש"),
    ("md.seen", "נמצא"),
    (
        "md.counts",
        "נבדקו {total} דומיינים: {failing} כושלים, {at_risk} בסיכון, {incomplete} לא הושלמו, {ok} תקינים",
    ),
    (
        "md.counts_one",
        "דומיינים שנבדקו: {total}; {failing} כושלים, {at_risk} בסיכון, {incomplete} לא הושלמו, {ok} תקינים",
    ),
    (
        "md.since_counts",
        "מאז {file}: {new} חדשים, {fixed} תוקנו, {unverified} לא אומתו, {unchanged} ללא שינוי, {not_checked} דומיינים מהבסיס לא נבדקו",
    ),
    ("md.changes_since", "מה השתנה מאז {date}"),
    ("md.since", "מאז {file}: {summary}"),
    ("md.not_checked", "דומיינים שהופיעו בבסיס ולא נבדקו הפעם: {domains}"),
    ("md.explain", "מה פירוש הקוד וכיצד לתקן: {command}."),
    ("md.what_changed", "מה השתנה"),
    ("md.new_findings", "ממצאים חדשים"),
    ("md.fixed", "תוקנו"),
    ("md.unverified", "נעלמו, אך לא אומתו (שאילתות נכשלו בהרצה זו)"),
    ("md.suppressed", "הוסתרו לפי כללי ההתעלמות"),
    ("md.suppressed_findings", "ממצאים שהוסתרו"),
    ("md.and_more", " ועוד {count}"),
    (
        "md.left_out",
        "הושמטו כדי לא לעבור {kb} kB (לכל הנתונים השתמשו ב-{json} או ב-{sarif}): {names}",
    ),
    ("md.changes_heading", "מה השתנה: {since}"),
    ("md.changes_new", "בעיות חדשות"),
    ("md.changes_fixed", "תוקנו"),
    (
        "md.changes_unverified",
        "לא נראו עוד, אך לא אומתו כמתוקנות (שאילתות נכשלו)",
    ),
    ("md.domains_gone", "הופיעו בהרצה הקודמת ולא נבדקו הפעם"),
    ("md.domains_added", "לא הופיעו בהרצה הקודמת"),
    ("md.better", "השתפר"),
    ("md.worse", "הורע"),
    // Markdown losses report.
    ("md.losses.sent", "נפח שליחה"),
    ("md.losses.given", "לפי הנתון שנמסר"),
    ("md.losses.col.estimated", "הערכת אובדן"),
    ("md.losses.col.amount", "סכום"),
    ("md.losses.col.arithmetic", "החישוב"),
    ("md.losses.assumption", "הנחה"),
    ("md.losses.col.hard_bounced", "החזרה קבועה"),
    ("md.losses.col.complained", "התלוננו"),
    ("md.losses.col.both", "גם וגם"),
    ("md.losses.col.complaints_without_address", "תלונות ללא כתובת"),
    ("md.losses.col.hard", "קבועות"),
    ("md.losses.col.cause", "סיבה סבירה"),
    ("md.losses.col.pct_provider", "% מהנפח של הספק"),
    (
        "md.losses.dmarc_text",
        "{messages} הודעות בדוחות ה-DMARC המצטברים. מהמקורות שלכם: {own_q} הועברו להסגר, {own_r} נדחו. ממקורות לא מוכרים (התחזות שנעצרה): {unknown_q} הועברו להסגר, {unknown_r} נדחו.",
    ),
    ("md.losses.col.source", "מקור"),
    ("md.losses.sending_sources", "מקורות השליחה שלכם"),
    ("md.losses.col.dmarc_pass", "מעבר DMARC"),
    ("md.losses.col.messages", "הודעות"),
    ("md.losses.col.recognised_by", "זוהה לפי"),
    ("md.losses.col.threshold", "סף"),
    ("md.rate.ok", "תקין"),
    ("md.rate.warning", "אזהרה"),
    ("md.rate.exceeded", "חריגה"),
    ("md.rate.not_computed", "לא חושב"),
    ("md.losses.domain_check", "בדיקת הדומיין {domain} ({verdict})"),
    ("md.losses.evidence", "נמצא"),
    ("md.losses.skipped", "קלטים שדולגו"),
    ("md.losses.what_if", "מה יקרה אם נאכוף?"),
    // losses
    ("losses.title", "אובדן דואר נסתר"),
    (
        "losses.verdict.ok",
        "לא נמצא אובדן משמעותי: החזרות, תלונות ואימות נמצאים בגבולות הספקים.",
    ),
    (
        "losses.verdict.at_risk",
        "דואר הולך לאיבוד: חלק מהנתונים קרובים לגבולות הספקים.",
    ),
    (
        "losses.verdict.failing",
        "דואר הולך לאיבוד: לפחות נתון אחד עבר את הגבול של ספק.",
    ),
    ("losses.verdict.unknown", "לא ניתן מספיק מידע כדי להעריך את האובדן."),
    ("losses.period", "התקופה: {from} עד {to}."),
    ("losses.period_one", "התקופה: {date}."),
    ("losses.period_unknown", "התקופה: לא צוינה בקלטים."),
    ("losses.worst", "הדחוף ביותר: {title}, משפיע על {emails} הודעות."),
    ("losses.contacts_lost", "אנשי קשר שאבדו לצמיתות"),
    ("losses.emails_lost", "הודעות שאבדו"),
    ("losses.complaint_rate", "שיעור תלונות"),
    ("losses.dmarc_pass", "מהדואר שלכם עבר DMARC"),
    ("losses.money", "הערכת הערך שאבד"),
    ("losses.assumption", "הנחה: {text}"),
    ("losses.actions", "מה לתקן קודם"),
    ("losses.no_actions", "לא נמצא אובדן בקלטים."),
    ("losses.affected", "{emails} הודעות, {contacts} אנשי קשר"),
    ("losses.auth", "אימות לפי ספק ולפי מקור שליחה"),
    ("losses.chart_provider", "שיעור המעבר של DMARC לפי ספק מקבל"),
    ("losses.chart_source", "שיעור המעבר של DMARC לפי מקור שליחה"),
    ("losses.chart_row", "{label}: ‏{pct} מתוך {total} עברו"),
    ("losses.contacts", "אנשי קשר שאבדו לצמיתות"),
    (
        "losses.contacts_text",
        "לקוחות קיימים שכבר אי אפשר להגיע אליהם בדואר: {hard} כתובות החזירו החזרה קבועה, {complained} התלוננו ({both} גם וגם).",
    ),
    ("losses.contacts_unmeasured", "לא נמדד: לא ניתנו הודעות החזרה."),
    ("losses.by_reason", "אובדן לפי סיבה"),
    ("losses.by_provider", "אובדן לפי ספק הנמען"),
    (
        "losses.delayed",
        "עוד {n} הודעות התעכבו ועדיין נשלחות שוב; הן אינן נספרות כאבודות.",
    ),
    ("losses.dmarc", "DMARC"),
    (
        "losses.dmarc_text",
        "דוחות ה-DMARC מכסים {messages} הודעות. משירותי השליחה שלכם, השרתים המקבלים העבירו להסגר {own_q} ודחו {own_r}. ממקורות לא מוכרים (כנראה התחזות שהמדיניות שלכם עצרה) הם העבירו להסגר {unknown_q} ודחו {unknown_r}; זו הגנה, לא אובדן.",
    ),
    ("losses.rates", "שיעורים מול גבולות השולחים בכמות גדולה"),
    ("losses.domain_check", "בדיקת הדומיין: {domain}"),
    ("losses.skipped", "קלטים שלא ניתן היה לקרוא"),
    ("losses.sources", "מקורות והערות"),
    (
        "losses.inputs_text",
        "{bounces} הודעות החזרה מ-{bounce_files} קבצים; {reports} דוחות DMARC מ-{dmarc_files} קבצים.",
    ),
    ("losses.sent_text", "{sent} הודעות נשלחו."),
    ("col.reason", "סיבה"),
    ("col.emails", "הודעות"),
    ("col.pct_sent", "% מהנשלח"),
    ("col.hard", "קבועות"),
    ("col.contacts", "אנשי קשר"),
    ("col.example", "דוגמה"),
    ("col.provider", "ספק"),
    ("col.failed", "נכשלו"),
    ("col.complaints", "תלונות"),
    ("col.dmarc_volume", "הנפח שדיווח"),
    ("col.pct_volume", "% מהנפח שלו"),
    ("col.top_reasons", "סיבות עיקריות"),
    ("col.source", "מקור שליחה"),
    ("col.failing", "נכשלו"),
    ("col.of", "מתוך"),
    ("col.quarantined", "בהסגר"),
    ("col.rejected", "נדחו"),
    ("col.authenticates_as", "מאומת בתור"),
    ("col.identified_by", "זוהה לפי"),
    ("col.ips", "כתובות IP שולחות"),
    ("losses.failing_sources", "מקורות שלכם שנכשלים ב-DMARC"),
    ("col.rate", "שיעור"),
    ("col.threshold", "גבול"),
    ("col.note", "הערה"),
    ("col.pass_rate", "שיעור מעבר DMARC"),
    // tls-reports
    ("tls.title", "דוחות TLS"),
    ("tls.inputs", "קלטים"),
];
