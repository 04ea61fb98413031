-- 0005_user_lang: the language each user chose in the web application, so it follows them from
-- browser to browser.
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'ko' CHECK (lang IN ('ko','en'));
