"""Blind page sets: score `find_images` against pages its authors wrote without seeing it.

Each folder (`a` to `z`, then `aa` to `az`, `ba` to `bz`, `ca` to `cz`, `da` to `dv`) holds realistic pages in the markup of sites of 2018-2026 (WordPress
and its page builders, Next.js, Shopify, Wix, Squarespace, Ghost, Discourse, Mastodon, GitHub,
TYPO3, Drupal, Joomla…) and a `labels.json` written by a reviewer who never saw the detector,
its code or its output: every image reference of every page, resolved to an absolute URL, with
`personal`, `unsure` and a few words of why.

  a  24 English and German pages, 560 references (190 personal). Measured once at F1 0.794,
     then its errors were read: a tuning set.
  b  24 French, Spanish, Italian and English pages, 609 references (219 personal). Measured
     once at 0.777 after the fixes from `a`, then its errors were read: a tuning set.
  c  30 pages of other kinds (council and party pages, doctor finder, dating, freelancer and
     stock-photo search results, YouTube/Reddit/LinkedIn-style pages, parish, kindergarten,
     salon, theatre cast, memes…) in all five languages, 697 references (267 personal),
     written after the tuning on `a` and `b` and measured once at 0.753 (0.743 with the code
     before that tuning). Its errors were read after that measurement.
  d  24 pages of yet other kinds (founder and board pages, a court report, a nursing home,
     a festival line-up, a graduation, a match report, an X profile, a Q&A page…) in all five
     languages, 435 references (165 personal), written after the tuning on `a` to `c` and
     measured once at 0.736 (0.717 with the code before that set's session). Its errors were
     read in the next session.
  e  24 pages of typical sites of their kind (a church newsletter, customer stories, a sports
     gallery, a designer's portfolio, restaurant reviews, a meetup, a newsletter post, a
     handball report, a physiotherapy team, a concert review, a property listing, a wedding
     blog, a kinesiotherapy team, a village fête, a doctor's booking page, a cycling blog, an
     NGO, a basketball report, a property portal, a newspaper author page, a language school,
     a food festival, a fashion product page, a forum profile) in all five languages, 627
     references (251 personal), measured once at 0.763 (0.769 with the code before that
     session's fixes from `d`), then its errors were read.
  f  24 more typical pages (an award story, a gear review, council minutes, a wedding venue, a
     conference recap, a camera forum thread, a dentist team, a fire brigade report, a dance
     school, a winery shop, a city run, a vet practice, a rugby club, a classified ad, a food
     blog, a mutual's board, a holiday rental, a music academy, a demonstration report, a
     cosmetics shop, an estate agency, a wedding blog, a jazz festival, a car ad) in all five
     languages, 552 references (215 personal), written after the tuning on `a` to `e` and
     measured at 0.820 (0.812 with the code before that session). Its errors were read in
     the next session: a tuning set since.
  g  24 news and magazine pages (national front pages, politics, match reports, celebrity
     and red-carpet pieces, a live blog, business, opinion, local news, Cannes, Sanremo) in
     the markup of Arc XP, the Guardian, the BBC, AP, Brightspot, WordPress VIP, Spiegel,
     Zeit, SZ, Bild, Le Monde, Le Figaro, Ouest-France, El País, El Mundo, Marca, Corriere
     and la Repubblica, in all five languages, 512 references (213 personal), written after
     all tuning and measured at 0.876 (0.874 with the code before that session; keyword
     baseline 0.12): a clean figure; its errors have not been read.
  h  24 pages of social networks, communities and people directories (Mastodon, Reddit, Flickr,
     Twitch, XING, Strava, Instagram, a Facebook group, TikTok, a motorbike forum, a LinkedIn
     company page, a Pinterest board; a hospital's doctor finder, a law firm, a parliament's
     members, a genealogy record, a university chair, estate agents, a club board, a lawyers'
     directory, a museum's portrait collection, a school's teachers, stock-photo results, an
     Italian town's executive) in all five languages, 571 references (225 personal, 124
     unsure: streamers' and forum avatars, paintings, thumbnails), written after the tuning on
     `a` to `f` and measured at 0.779 (P 0.711, R 0.862; sure labels 0.872; keyword baseline
     0.17): a clean figure. Its errors were read two
     sessions later (then 0.786): a tuning set since.
  i  24 pages of shops, reviews, media and clubs (an Etsy shop, a course landing page, an
     event page, restaurant reviews, an employer-review page, a hairdresser, a second-hand
     wardrobe, a film page, an artist page, a hotel booking page, a gym's instructors; a film's
     cast, a video page, an author page, company reviews, a football squad, a wedding
     photographer, a town newsletter, a travel blog, a nursery class blog, a basketball roster,
     a salon gallery, obituaries) in all five languages, 538 references (236 personal, 75
     unsure), written at the same time as `h` and measured at 0.758 (the same with the code
     before that session; keyword baseline 0.15). Its errors were read at once: a tuning set.
  j  24 pages of companies, public bodies, schools and personal sites (a CEO press release, a
     police appeal, a SaaS "about us", a graduation story, a ministry's press release, a
     utility's careers page, town-hall news, an annual report, university news, a council
     plenary, a region's press release, a school trip; a parenting blog, a fitness coach, a
     street-photography blog, a band, a dog breeder, a classic-car meet, a cosplay convention,
     a family recipe blog, marathon results, a parish youth group, a wedding DJ, a fashion
     blogger) in all five languages, 595 references (261 personal, 89 unsure), written after
     the tuning on `i` and measured at 0.757 (P 0.895, R 0.655; sure labels 0.808; the same with
     the code before that session; keyword baseline 0.17). Its errors were read next: a
     tuning set since.
  k  24 pages of the general web (a Wikipedia biography, local news, an architects' team page,
     a DIY forum thread, a LinkedIn-style profile, a fashion shop category, a tech blog, a
     chef's Instagram-style profile, sports news, an NGO team, restaurant reviews, a newspaper
     author page; an X profile, an estate agent, conference speakers, a funeral home's
     obituary, club news, a medical practice's team, a wedding website, a job ad, a bakery's
     Facebook page, a travel blog, a parish, a used-car ad) in all five languages, 646
     references (243 personal, 64 unsure), written after all of that session's tuning and
     measured at 0.776 (P 0.814, R 0.741; sure labels 0.831; 0.770 with the code before that
     session; keyword baseline 0.28): a clean figure. Its errors were read two sessions later
     (then 0.774): a tuning set since.
  l  24 pages of kinds none of the others has (a podcast episode, hackathon results, a Mastodon
     timeline, a faculty directory, a kindergarten's newsletter, a youth team roster, a press
     kit, a wedding photographer's portfolio, a dating site's results, councillors, a hotel
     team, an election live ticker, a museum exhibition, a contributors page, an online
     course, a recipe with comments, a fundraising campaign, a property listing, a car-rental
     search, product reviews, a job ad, a match report, a theatre production, a research
     group) in all five languages, on the markup of WordPress (Elementor, Divi, Kadence,
     GiveWP, Newspaper), Next.js, Nuxt, Astro + Storyblok, Hugo, Squarespace, Wix, Drupal,
     TYPO3, Joomla and Mastodon, 890 references (405 personal, 91 unsure), measured once at
     0.760 (P 0.773, R 0.748; sure labels 0.781; keyword baseline 0.25) with 22 references
     not found (lazy backgrounds, video posters, <style> rules). Its errors were then read:
     a tuning set since.
  m  24 pages of yet other kinds (an e-sports roster, photo-contest winners, a venture fund's
     portfolio, book reviews, alumni class notes; ski instructors, a tattoo studio, an employee
     of the month, a dermatologist's before/after gallery, a school's graduating class; a choir's
     concert, a film festival's jury, a municipal campaign, a fashion lookbook, a yoga retreat; a
     business listing with reviews, a holiday host's profile, basketball statistics, a lost-pet
     poster, a university open day; a model agency's model page, a Wikipedia list of prize
     winners, a webcomic, a birth announcement) in all five languages, on WordPress (Elementor,
     Divi, Avada, Gutenberg), Webflow, Shopify, Squarespace, Wix, Ghost, Next.js, Nuxt, Gatsby,
     SvelteKit, Astro + Sanity, Hugo, Drupal, TYPO3, Joomla + YOOtheme, Contao, Liferay,
     MediaWiki, Rails, Django and PHP, 982 references (426 personal, 154 unsure), measured once
     at 0.625 (P 0.684, R 0.575; sure labels 0.648; keyword baseline 0.18) with 2 references not
     found (a UIkit `data-src` background, an `<input type=image>`). Its errors were then read:
     a tuning set since.
  n  24 pages of yet other kinds again (a bakery's "about us", driving instructors, a Fasnet
     parade gallery, a chess tournament report, a senior citizens' club; an animal shelter, a
     fire company's incident log, a marathon photo finder, a newsletter landing page, a SaaS
     case study; a hiking club's trip report, dance competition results, student union
     elections, a riding school, a company history timeline; a cooking class, a co-working
     members wall, a cemetery search, an orchestra's musicians, a scout camp report; a band's
     tour diary, a charity's annual report, a photographer's client gallery, a climbing gym's route setters)
     in all five languages, on WordPress (Divi, Astra, Avada, Elementor, Gutenberg,
     GeneratePress), Jimdo, TYPO3, Joomla, Drupal, Squarespace, Next.js, Ghost, Webflow, Hugo,
     Laravel, Gatsby + Contentful, Django + imgix, Wix, PHP, Nuxt + Storyblok, Jekyll + UIkit and
     ImageKit, 802 references (329 personal, 163 unsure), written after that session's tuning on
     `m` and measured once at 0.627 (P 0.776, R 0.526; sure labels 0.630; 0.622 with the code
     before that session; keyword baseline 0.15) with 1 reference not found (a UIkit
     `data-srcset` background). Its errors were then read: a tuning set since.
  o  24 mainstream pages, the kinds a general crawler meets most (news articles in politics,
     local news, sport, culture and business; recipe and other blog posts; forum threads on
     Discourse and phpBB; shop categories and product pages on Shopify and Magento; a company
     homepage and "about us"; an event page; a town hall's service page; university
     departments; two encyclopedia articles; a travel guide) on Arc XP, WordPress, Drupal,
     TYPO3, Liferay, MediaWiki, Wix, Squarespace, Next.js, Nuxt + Storyblok, Ghost, Joomla and
     custom newsrooms, in all five languages, 600 references (172 personal, 42 unsure),
     written after all of that session's tuning and measured once at 0.746 (P 0.684, R 0.820;
     sure labels 0.766; 0.736 with the code before that session, which did not find 9 of its
     references; keyword baseline 0.26): a clean figure. Its false positives were looked at once
     after that measurement (nothing was changed from them); all its errors were read in the
     next session: a tuning set since.
  r  24 mainstream pages of other kinds (a news portal's home page, a Discourse thread, an
     encyclopedia biography, a podcast episode, a personal homepage and CV; a municipal news
     listing on TYPO3, a company blog post, an event calendar, a shop product with customer
     photo reviews, a newsletter's web view; a regional portal on tagDiv, a news gallery, a Q&A
     thread, a video page, a matchmaking agency's members; a club's match report, hotel reviews,
     property search results, a recipe with comments, a university staff directory; a phpBB
     thread, a Mastodon timeline, a town's executive, a fashion editorial) in all five
     languages, 681 references (265 personal, 97 unsure), measured once at 0.680 (P 0.750, R
     0.623; sure labels 0.724; the same with the code before that session; keyword baseline
     0.24), then its errors were read: a tuning set.
  s  24 pages of the biggest site types (hotel reviews, a marketplace listing, an online course,
     police news, a professor's profile; car classifieds, football club news, a ministry's press
     release, a pharmacy, a recipe blog; a fashion brand's product page, flat rentals, a holiday
     host, a hospital department, a TV guide; celebrity news, school news, a second-hand
     marketplace, sports results, a tour operator; concert tickets, a municipality's news, a
     product with customer photos, a restaurant) in all five languages, 800 references (260
     personal, 91 unsure), written at the same time as `r` and measured once at 0.633 (P 0.831,
     R 0.512; sure labels 0.710; 0.635 with that session's code before `r` was read; keyword
     baseline 0.18), then its errors were read: a tuning set.
  p  24 pages a general crawl meets most often (a news home page, a tech blog, a company's
     careers page, a dentist's team, a running club's forum; a town hall, local news, a shop
     category, a carpenter's workshop, a university faculty; a celebrity magazine, a restaurant's
     story, a press release, a parenting blog, a job ad; a match report, a hotel, a shop product,
     a gym, school news; a motoring road test, a travel blog, a hair salon, a festival concert)
     in all five languages, 679 references (255 personal, 83 unsure), written while `r` and
     `s` were tuned on and measured once after that at 0.712 (P 0.803, R 0.639; sure labels
     0.770; 0.721 with the code before that session; keyword baseline 0.22): a clean figure.
     Then only the predictions that session had changed were compared with the labels (four
     cut-out PNG portraits lost to a PNG weight, mended: 0.723); its errors have not been read.
  q  24 mainstream pages where people and things mix (a newspaper front page, a TV series' cast,
     a sports club's team and a match gallery, a company's board, a press room, a conference
     programme, a podcast with its hosts, a wedding photographer, a school year-book, an
     Instagram-, a Mastodon- and a LinkedIn-like profile, a video channel, review site avatars,
     a recipe blog, an estate agent's listing, a fashion shop with models, a festival line-up,
     obituaries, a local news gallery, a parish newsletter, a party's candidates, a gym's
     trainers) in all five languages, 691 references (346 personal, 75 unsure), written at the
     same time as `p` and measured once with it at 0.729 (P 0.865, R 0.630; sure labels 0.749;
     0.728 with the code before that session; keyword baseline 0.25): a clean figure; its
     errors have not been read.
  t  12 pages of WELL-AUTHORED sites, whose editors write alt texts and captions that name who
     is shown and whose themes mark up team, speaker and author cards (a university's staff, a
     hospital's doctors, a council's members, a law firm's partners, conference speakers, an
     NGO's annual report, a newspaper article, a magazine interview, a school's events gallery,
     a parish's news, a start-up's team, a museum's exhibition), with the people words of those
     themes also on things (certificates "für Kinder", ranking badges, posters), in all five
     languages, 544 references (204 personal, 56 unsure), measured once at 0.850 (P 0.852, R
     0.848; sure labels 0.890; keyword baseline 0.34): the kind of page set on which a keyword
     baseline does well. Its errors were then read: a tuning set.
  u  12 more well-authored pages written with `t` (a company newsroom, a sports club's squad, a
     theatre's ensemble, a party's candidates, a research project, a podcast with guests, a
     charity campaign, a tourist office's guides, a wedding photographer, a library's events,
     an estate agency, a broadcaster's presenters), 466 references (178 personal, 29 unsure),
     measured once at 0.887 (P 0.892, R 0.882; sure labels 0.922; keyword baseline 0.42): a
     clean figure; its errors have not been read.
  v  12 more well-authored pages, written after `t` was tuned on (a ministry's leadership, an
     annual report's management, an orchestra's musicians, a dental practice, a football
     match report, university news, an art gallery's artists, obituaries, a fashion product
     with model photos, a travel blog, a recipe with comments, a hotel's team), 469 references
     (165 personal, 32 unsure), measured once at 0.792 (P 0.778, R 0.806; sure labels 0.813;
     keyword baseline 0.31). Its errors were then read: a tuning set.
  w  12 more well-authored pages written with `v` (a film festival's jury, political news, a
     hackathon's results, a nursing home's activities, a bank's board, a scientific society's
     prize winners, ski instructors, a wedding venue, a band, a kindergarten, an online
     magazine's contributors, a charity's volunteers), 455 references (168 personal, 42
     unsure), measured once at 0.847 (P 0.810, R 0.887; sure labels 0.903; keyword baseline
     0.36): a clean figure; its errors have not been read.
  x  12 more well-authored pages, written in a later session (a personal blog's about page, a
     company's leadership, a sports club's board, a publisher's author page, an estate agency's
     agents, a podcast's hosts, a yoga studio's teachers, a dance company's ensemble, a regional
     newspaper's local news, a portrait photographer's portfolio, a lab's members, a trade
     fair's exhibitors), 463 references (174 personal, 35 unsure), measured once at 0.854 (P
     0.888, R 0.822; sure labels 0.878; keyword baseline 0.32): a clean figure; its errors have
     not been read.
  y  12 pages of user-generated content on well-authored sites, written with `x` (a forum
     thread with photo and default avatars, a Q&A page, a review site, a professional-network
     profile, a dating profile, a microblog timeline (GoToSocial), a recipe with cooks'
     comments, a shop's product with customer photos, a marketplace seller, an event gallery, a
     wedding blog, a newspaper live blog), 424 references (150 personal, 52 unsure), measured
     once at 0.778 (P 0.707, R 0.867; sure labels 0.800; keyword baseline 0.38). Its errors
     were then read: a tuning set.

  z  16 mainstream pages in the markup of their platforms (a news gallery on Arc XP, a Discourse
     trip report, a Ghost podcast episode, a Mastodon timeline; a regional sports report on
     tagDiv, town-hall news on TYPO3 with `<base href>`, a Webflow festival night; a company's
     "about us" on Elementor, a Next.js property listing, a Nuxt obituary; a recipe blog with
     comments on Kadence, hotel reviews on Wix, a job ad on Divi; a Shopify product page with
     Judge.me reviews, a Drupal university staff page, a Squarespace wedding photographer) in
     all five languages, 565 references (189 personal, 64 unsure), written in a later session
     by a reviewer who never saw the detector, and measured once at 0.794 (P 0.804, R 0.783;
     sure labels 0.811) with no reference missed: a clean figure; its errors have not been
     read.
  aa 16 mainstream pages of other kinds (a conference's speakers on Next.js, a celebrity
     gossip article on Arc XP, a Discourse Q&A thread, a video watch page; a football club's
     squad on TYPO3, a dentist's team on Elementor, a parish newsletter on Divi; a museum
     exhibition on Drupal, a concert review with Jetpack and gravatars, a coworking space on
     Squarespace; a travel blog on Ghost, a car classified on Nuxt, a fitness studio on Wix; a
     civic list's candidates on WPBakery, school news with a class photo, an Angular
     professional profile) in all five languages, 559 references (278 personal, 67 unsure),
     written in a later session by a reviewer who never saw the detector, and measured once at
     0.754 (P 0.802, R 0.712; sure labels 0.794): a clean figure. Its errors were read in the
     next session (then 0.820, with a camera's file name counting for a person where no alt
     text describes the picture): a tuning set since. The reviewer also labelled 38 references the detector does not report by design
     (favicons and touch icons in `<link rel=icon>`, `data:` placeholders), all not personal;
     they were taken out of the labels unread, which changes no figure.
  ab 16 pages of kinds no set before had (hackathon winners on Next.js, an estate agency's
     agents on Elementor, a village's MediaWiki article, a crowdfunding campaign; a theatre's
     season on TYPO3 with `<base href>`, a cycling club's ride report, a dentist's booking
     profile on Nuxt; a hairdresser's before/after gallery on Wix, a city's events calendar on
     Drupal, a charity's annual report on Divi; photo-contest winners on Avada, a tattoo
     studio's portfolio on Squarespace, a basketball league's results on Joomla; a make-up
     tutorial on Kadence, a start-up's press kit on Webflow, a research group's publications on
     Hugo) in all five languages, 644 references (248 personal, 111 unsure), written in a later
     session by a reviewer who never saw the detector, and measured once, after the fixes from
     `aa`, at 0.746 (P 0.758, R 0.734; sure labels 0.821), 0.737 with the code before them
     (sure labels 0.807), with no reference missed or unlabelled: a clean figure. Its errors
     were read right after (then 0.751): a tuning set since.
  ac 16 pages of yet other kinds (a fire brigade's members on TYPO3, a driving school's team on
     Wix, a farm shop on Shopify; an actor's page on a streaming site in Next.js, marathon
     results on Nuxt, a pharmacy's health tips on Astra, a LinkedIn post with comments; letters
     to the editor on a news CMS, a yoga retreat on Squarespace, a B&B's guestbook on Joomla;
     patients' testimonials on Divi, a comic shop on WooCommerce, a party branch's news on
     Drupal; a car dealer's staff on Webflow, a band's tour dates on Elementor, a language
     exchange on Discourse) in all five languages, 674 references (283 personal, 123 unsure),
     written in a later session by a reviewer who never saw the detector, and measured once at
     the end of that session at 0.825 (P 0.794, R 0.859; sure labels 0.891), 0.813 with the
     code before that session (sure labels 0.888). Its errors were read in the next session
     (0.855 after it). Two LinkedIn `data-ghost-url` placeholders (not personal), which the
     detector does not report, were taken out of the labels unread.
  ad 16 pages of yet other kinds (a law firm's partners on Webflow, a vet's patients of the
     month on Divi, a streamer's schedule on Next.js; a kindergarten's newsletter on Gutenberg,
     a choir's concert photos on TYPO3, ski instructors on Drupal, a craft fair's exhibitors on
     Squarespace; an escape room's hall of fame on Wix, a scout camp report on Elementor, a
     coworking member spotlight on Ghost; a barbershop's booking page on Nuxt, a newspaper's
     birth announcements, a senior club's outing on Blogger; a bakery with an Instagram feed on
     Shopify, a cat shelter on Avada, a chess open on Joomla) in all five languages, 671
     references (260 personal, 83 unsure), written by a reviewer who never saw the detector and
     measured in the session after `ac` once that session's fixes from `ac` were in: 0.828
     (P 0.756, R 0.915; sure labels 0.868) — the same with the code before those fixes. Its
     errors were read in that session after the measurement (0.851 after it): a tuning set. (One
     ad's URL was labelled without the empty `?` its `src` ends with, which a browser keeps: the
     label's URL was given it back.)
  ae 16 pages of yet other kinds (an orchestra's musicians on GeneratePress, a car-sharing help
     article on Zendesk, a publisher's author page on Next.js, a headshot photographer's prices on
     Squarespace; youth football teams on Divi, council minutes on TYPO3, a mountain hut's guestbook
     on Wix; a dermatology clinic's before/after gallery on Drupal, a clothing resale listing on Nuxt,
     a nursing home's blog on Elementor; a cooking school's chefs on Webflow, a municipal pool's
     courses on Liferay, a winery's family history on Avada; climbing-gym route setters on Framer, a
     flea market on The Events Calendar, a hiking club's trip log on Joomla) in all five languages,
     595 references (256 personal, 33 unsure), and
  af 16 more (a dance school on Elementor, a cinema's programme on Next.js, a bike shop's repair
     service on Shopify, a photo club's exhibition on Ghost; riding lessons on TYPO3, local radio
     presenters on Drupal, a carpenter's projects on YOOtheme; a hostel's common areas on Webflow, a
     garden centre's workshops on Wix, tennis results on Divi; a charity run's thanks to volunteers on
     Avada, a dog groomer's before/after on Squarespace, a library's events on Drupal; a kids' party
     venue on Gutenberg, student election candidates on Nuxt, a boat rental on WPBakery), 632
     references (218 personal, 84 unsure): written in the same session as `ad` by reviewers who never
     saw the detector, and measured once at its end with all that session's fixes in: ae 0.842
     (P 0.840, R 0.844; sure labels 0.854; 0.839 with the session's start code), af 0.874 (P 0.876,
     R 0.872; sure labels 0.879; 0.874 with the start code). Their errors were read in the next
     session (then 0.877 and 0.915): tuning sets since.
  ag 16 pages (a pottery studio on Squarespace, a vet team on Elementor, an architecture firm's
     projects on Webflow, a food truck's stops on Gutenberg; a sailing course report on TYPO3, a
     fan club's away trip on Divi, a trade fair's exhibitors on Next.js; a village festival on
     Joomla, an author reading on Avada, a physiotherapist on Wix; a surf camp on WPBakery, a
     library's events on Drupal, a retirement party on a Confluence intranet; a student theatre on
     Nuxt, a wine bar's tastings on Shopify, a wedding band on Ghost), 620 references (220
     personal, 68 unsure), and
  ah 16 pages (a dive centre's logbook on Divi, an e-sports roster on Next.js, a start-up's investor
     update on Ghost, an astronomy society on Drupal; a model railway show on TYPO3, a hospital's
     new doctors on Contao, handball youth news on Avada; a carnival gallery on Elementor, a dog
     groomer on Wix, an insurance broker on Webflow; a jazz club's programme on Kadence, a nail
     salon on Squarespace, a vintage car rally on a news CMS; readers' photos on Nuxt, beekeepers on
     Joomla, a community garden on LiteSpeed), 702 references (240 personal, 54 unsure): written by
     reviewers who never saw the detector, each in about twenty minutes, and measured once with the
     first fixes of the session after `ae`/`af` were read: ag 0.727 (P 0.784, R 0.677; sure labels
     0.776; 0.720 with the session's start code), ah 0.763 (P 0.730, R 0.800; sure labels 0.803;
     0.757 with the start code). Their errors were then read in that session: tuning sets since.
  ai 16 pages (driving instructor reviews on Squarespace, a cruise excursion on Next.js, alumni class
     notes on Drupal, a mountain rescue log on GeneratePress; a karate belt exam on Joomla, an
     optician's frames on Shopify, a regatta report on TYPO3; a tailor on Webflow, a food bank's
     volunteer shifts on Divi, pilgrimage stages on Ghost; a car repair team on Elementor, a wedding
     planner's testimonials on Avada, a gaming café on Nuxt; a piano recital on Wix, a bridal
     collection on Flatsome, a folk group's costumes on Jimdo), 666 references (292 personal, 74
     unsure), and
  aj 16 pages (a pet adoption listing on Next.js, meetup talk recordings on Ghost, a paragliding
     school on Squarespace, a climbing guidebook on Drupal; a city's new apprentices on TYPO3, an
     angling club's catch of the month on Joomla, a tiler's projects on Elementor; a circus school's
     show on Divi, wedding bouquets on Shopify, a clinic's surgeons on Webflow; lottery winners on an
     AMP news CMS, swimming levels on Wix, barber graduates on Avada; a care home's birthdays on
     Gutenberg, a youth orchestra's tour diary on WPBakery, a cheer roster on Nuxt), 520 references
     (233 personal, 30 unsure): written in the same session by reviewers who never saw the detector
     and measured once at its end with all that session's fixes in: ai 0.825 (P 0.843, R 0.808; sure
     labels 0.861), aj 0.823 (P 0.830, R 0.815; sure labels 0.841) — both exactly what the session's
     start code scores: its rules, read off `ae` to `ah`, changed nothing on them. Clean figures;
     their errors have not been read.
  ak 16 pages (an emergency plumber on Elementor, podcast hosts on Next.js, a game character's wiki
     page on Fandom, a solar installer's case study on Squarespace; a biathlon season review on
     TYPO3, a recycling centre on Contao, a triathlon camp on Wix; museum curators on Drupal, a
     kitesurf school on Divi, a taproom's events on Webflow; an Erasmus blog on Blogger, a debate
     live blog on a news CMS, a hotel spa on Avada; a show flat on Nuxt, a vet's patient stories
     on Joomla, a gym's trainers on Astra), 687 references (254 personal, 112 unsure), and
  al 16 pages (a marching band's parade on Kadence, a bike couriers' co-op on Ghost, honorary
     doctorates on Gatsby, a skate park's opening on Squarespace; a dental lab on TYPO3, a chamber
     music festival on Avada, a housing co-op's newsletter on YOOtheme; regional TV presenters on
     Next.js, a fencing tournament on Divi, a mountain guide on Wix; a kids' coding club on
     Webflow, bowling leagues on Elementor, a vintage lookbook on Shopify; a family recipe on
     GeneratePress, cosmetics ambassadors on Nuxt, hospital volunteers on Drupal), 698 references
     (291 personal, 98 unsure): written the next session by reviewers who never saw the detector,
     and measured once, before any of that session's detection changes were measured on them
     (it made none to the scoring): ak 0.762 (P 0.768, R 0.756; sure labels 0.847), al 0.838
     (P 0.870, R 0.808; sure labels 0.879). Their errors were read in the session after: tuning
     sets since (then ak 0.781, al 0.852, from file names' gatherings and people words).
  am 16 pages (a dog sled tour operator on Squarespace, a coding bootcamp's alumni stories on
     Ghost, a retirement community's activities on Elementor, a craft brewery's crew on Webflow;
     municipal election results with candidates on TYPO3, a hiking app's trail with users' photos
     on Next.js, a radio quiz's winners on AMP; a wedding DJ's reviews on Wix, an art gallery's
     opening night on Divi, a car club's meet report on Discourse; a ferry's crew on Avada, a
     student residence listing on Nuxt, a sports physiotherapist's case study on Astra; a parish's
     confirmation class on GeneratePress, an opera ensemble on Drupal, a campsite's pitches on
     Joomla), 681 references (253 personal, 29 unsure), written in the session after ak and al by
     a reviewer who never saw the detector, measured once at 0.747 (P 0.754, R 0.739; sure labels
     0.772; the code before that session's detection changes: 0.748). Its errors were read in the
     same session, after that measurement: a tuning set since (then 0.769: widget icon classes).
  an 16 pages (a comedy club's line-up on Elementor, a zoo keeper's blog on Ghost, a pub quiz league
     on Squarespace, a maker space's project log on Discourse; blood donation dates on TYPO3, a tram
     museum's volunteers on Joomla, a midwife practice on Divi; a language school's teachers on
     Next.js, a wine fair's exhibitors on Drupal, foster families' stories on Wix; a street food
     market's vendors on Webflow, an open-house recap on Avada, a karaoke bar's week on Nuxt; a
     news column's "faces of the town", a ballet school's recital on Gutenberg with WP Rocket, a
     regatta live ticker), 640 references (241 personal, 60 unsure), written in the session after
     am by a reviewer who never saw the detector and measured once, before any of that session's
     detection changes were measured on it: 0.854 (P 0.931, R 0.788; sure labels 0.874). Its errors
     were read in the same session, after that measurement: a tuning set since (then 0.889: people
     seen from behind, an artist's promo photo, gatherings and roles in file names).
  ao 16 pages (a funeral home's staff on Divi, PhD defences on Drupal, a stamp club's meeting on Ghost;
     ski-lift webcams and staff on TYPO3, a strike report on Gutenberg, dog show results on Joomla; a
     maternity ward tour on Drupal, a re-enactment camp on Avada, a rap battle recap on Next.js; a
     flat renovation blog on Blogger, a drone show on Webflow, a bar association's new members on
     Liferay; a wildlife photographer on Squarespace, a kids' summer camp on Wix, a stadium tour on
     Nuxt, a hair-loss clinic's results on Elementor), 559 references (216 personal, 87 unsure),
     written at the end of the session after an by a reviewer who never saw the detector and measured
     once with all that session's changes: 0.799 (P 0.764, R 0.838; sure labels 0.850), as with the
     session's start code. Its errors were read in the next session, after that measurement: a
     tuning set since (then 0.844: who took or scanned a picture, pickets, a dean, a committee,
     quality labels and seals).
  ap 16 pages (an allotment association on TYPO3, a notary's office on Joomla, a ski-jumping report on
     a Next.js news site; a boxing fight night on Squarespace, a cathedral restoration diary on
     Gutenberg with Jetpack, a ceramic artist's shop on Shopify, a student paper's editorial board on
     Ghost; a quilting circle on Blogger, a harbour festival on Nuxt, hospital clowns on Liferay; a
     tattoo convention's artists on Wix, a crematorium's memorial page on Drupal, lifeguards' season
     report on Elementor with WP Rocket; a radio drama group on Divi, a motorcycle test-ride day on
     Webflow, a wine queen election on Avada), 613 references (259 personal, 108 unsure), written
     beside aq by another reviewer who never saw the detector and measured once, after that
     session's fixes from ao and aq: 0.835 (P 0.821, R 0.849; sure labels 0.861; the same with the
     session's start code). Its errors were read next: a tuning set since (then 0.876: gargoyles,
     views from the air, children's drawings, a ceremony room's capacity, sailors).
  aq 16 pages (a town's honorary freemen on Drupal, a roller derby roster on Squarespace, a piano
     showroom on Shopify; a gymnastics competition on Elementor with WP Rocket, a hunting association's
     news on TYPO3, glassblowing courses on Wix; a puppet theatre's season on Divi, a translation
     agency's team on Webflow, an organic farm's harvest festival on Avada; a sled dog race report on
     Joomla, a hospital's chaplaincy on Drupal, a seniors' computer course on Gutenberg; a mountain
     race's finish photos on Next.js, a vintage radio forum on Discourse, a citizens' assembly on
     Bootstrap Italia, a bakery's apprentices on Nuxt), 532 references (212 personal, 69 unsure),
     written in the session after ao by a reviewer who never saw the detector and measured once,
     after that session's fixes from ao: 0.819 (P 0.827, R 0.811; sure labels 0.847; 0.816 with the
     session's start code). Its errors were read next: a tuning set since (then 0.856: apprentices,
     course participants, infographics, puppets, streets named after kings, a product's model).
  ar 16 pages (harvest volunteers at a vineyard on Elementor with WP Rocket, a wildlife rescue centre's
     patients on Squarespace, bouldering results on Ghost, a family-history profile on MediaWiki; a
     shooting club's king's shoot on Joomla with SIGPlus, tram driver recruitment on TYPO3, a surf
     shop's team riders on Webflow; a jewellery maker's shop on Shopify, a chimney sweep on Wix, a youth
     council on Drupal; dance competition results on Divi, marathon pacers on Next.js, a salon's prices
     on Nuxt; a newspaper's wedding announcements, a parish pilgrimage on Astra, a farm's open day on
     Avada), 670 references (283 personal, 86 unsure), written after ap and aq by a reviewer who never
     saw the detector and measured once with all that session's changes: 0.832 (P 0.826, R 0.837;
     sure labels 0.871), the same as with the session's start code. Its errors were read in the
     next session: a tuning set since (then 0.888: judges, families, a tram driver, genealogy
     records, a donkey named Bruno).
  as 16 pages (a software customer story on Webflow, orienteering results on Gutenberg, a coffee roaster's
     farm visit on Shopify, a mayor's biography on a local-history MediaWiki; a card-game club's
     tournament on Joomla, a council's road works on TYPO3, a family-history society on Divi; a kite
     festival on Wix, a guitar maker on Squarespace, a tutoring agency on Next.js; a farm co-op's
     general meeting on Drupal, a removals firm on Avada, an app's release notes on Nuxt; a Palio
     report on a local news site, a boatyard's restoration on Elementor, a city-traffic newsletter on
     Ghost), 713 references (227 personal, 111 unsure), written beside ar by another reviewer who never
     saw the detector and measured once with all that session's changes: 0.792 (P 0.763, R 0.824; sure
     labels 0.808; 0.785 with the session's start code). Its errors were read in the next session: a
     tuning set since (then 0.843: a squad, co-op members, removal workers, a jockey, a passenger list).
  at 16 pages (a local paper's people and obituaries on a custom news CMS, a driving school's "passed!"
     wall on Wix, a sports club's annual general meeting on Joomla with SIGPlus, a pharmacy's team on
     TYPO3; a craft brewery's collaboration beer on Shopify with Judge.me reviews, a local-history
     podcast episode on Gutenberg with WP Rocket, an online course's instructor on Next.js, an estate
     agent's profile on Squarespace; a dog-training club on Divi, a community garden's harvest festival
     on Jimdo, a start-up's about page on Webflow; a hotel's weddings and events on Avada, a bike shop on
     PrestaShop, a school blog's retirement party on Blogger; a town's citizen of the year on Drupal
     with Bootstrap Italia, a school exchange blog on Elementor Pro), 561 references (222 personal, 110
     unsure), written by a reviewer who never saw the detector and measured once with the session's
     start code: 0.787 (P 0.810, R 0.766; sure labels 0.829); 0.801 with that session's changes from
     ar, as and au (P 0.814, R 0.788; sure labels 0.840). Its errors were read next, in the same
     session: a tuning set since (then 0.814: firms named after sons, genealogy and podcast pages).
  au 16 pages (a choir's Advent concert on Joomla, council candidates on Astra, a children's theatre
     workshop on TYPO3, a car dealer's staff on Avada; route setters on Webflow, a pasta class on
     Squarespace, a library's events on Drupal, a conference's speakers on Nuxt; a hairdresser's team
     on Wix, a chess tournament on Divi, a carnival parade on Ghost; half-marathon photos on Next.js, a
     yoga retreat on Elementor with WP Rocket, a vet's patient of the month on Gutenberg; a museum's
     opening on Drupal with Bootstrap Italia, a boutique's lookbook on Shopify), 591 references (265
     personal, 110 unsure), written beside at by another reviewer who never saw the detector and
     measured once with the session's start code: 0.712 (P 0.783, R 0.653; sure labels 0.730). Its
     errors were read next: a tuning set since (then 0.792: Elementor gallery tiles, a lookbook,
     prize-givings, parades).
  av 16 pages (a regional paper's sports front on a custom news CMS, a bike repair café on Joomla with
     SIGPlus, a firm's Christmas party on Elementor with WP Rocket, a council meeting report on TYPO3;
     a gym's trainers on Squarespace, alumni news on Drupal, a marathon's winners on Next.js, a
     photographer's portfolio on Webflow; a wedding photographer's blog on Divi, a bookshop's author
     reading on Wix, a dental practice's team and results on Astra; a fan club's meet-up on Discourse,
     a travel agency's group tour on Avada, a restaurant's staff and dishes on Nuxt; a beauty salon on
     Shopify, a nursery school's carnival on Bootstrap Italia), 526 references (221 personal, 101
     unsure; the reviewer's 26 favicon and touch-icon labels are left out: no set labels those), written
     after at and au by a reviewer who never saw the detector and measured once: 0.794 with that
     session's start code (P 0.866, R 0.733; sure labels 0.870), 0.807 with its changes (P 0.878, R
     0.747; sure labels 0.879). Its errors were read next, in the same session: a tuning set since
     (then 0.817).
  aw 16 pages (a housing project on Next.js, a hospital wing's opening on TYPO3, a race weekend on Joomla
     with SIGPlus, a politician's home page on Divi with an Instagram feed; a demo day on Webflow, a
     baking blog's comments on Astra with WP Recipe Maker, a nature reserve's volunteer day on Drupal,
     a protest gallery on a Next.js news site; exam coaching on Nuxt, a canoe race on a block theme, a
     Holy Week brotherhood on Blogger; a Breton dance circle on Wix, a magazine interview on Ghost, a
     horse sanctuary's sponsorship on Squarespace; a school's opening on Bootstrap Italia, an ambulance
     association on Avada), 575 references (243 personal, 119 unsure), written beside av by another
     reviewer who never saw the detector and measured once: 0.749 with that session's start code (P
     0.823, R 0.687; sure labels 0.833), 0.748 with its changes (P 0.825, R 0.683; two references in an
     Instagram feed's JSON and a Blogger post's `image_url` found since). Its errors were read next, in
     the same session: a tuning set since (then 0.769: animals named like people, certificates, posters).
  ax 16 pages (a national paper's politics article with teasers, a match report with player ratings on
     TYPO3, a dog groomer on Wix, a neighbourhood newsletter on Joomla with Phoca Gallery; a plumber on
     Elementor with WP Rocket, a concert venue on Squarespace, a library's staff picks on Drupal, a
     company's "life at" page on Next.js; celebrity gossip on the Newspaper theme, a tennis draw on Nuxt
     with Storyblok, a professor's profile on K-Sup; a dress with model photos on Shopify, hotel reviews
     on Astra with wpDiscuz, a genealogy forum on phpBB; a chef's recipes on GeneratePress, a wedding
     villa's gallery on Divi), 563 references (235 personal, 85 unsure; one label whose key the
     reviewer's script cut at a ")" left out), written in the session of at to aw by a reviewer who never
     saw the detector and measured once with that session's start code: 0.759 (P 0.847, R 0.688; sure
     labels 0.765), the same with its changes until then. Its errors were read next: a tuning set
     since (then 0.824: photos of goods on a model, candidates, ball kids).
  ay 16 pages (a ministry's press release on TYPO3, a state MP's profile on Drupal, a strike report on
     Gutenberg, a cycling stage on Next.js; a basketball roster on Elementor with WP Rocket, a coworking
     community on Webflow, a tech blog with comments on Hugo, a property listing on Nuxt; cathedral
     concerts on Joomla with sigplus, a medical practice on Wix, letters to the editor on the Newspaper
     theme; a tourist office's calendar on Drupal, a law firm's partners on Divi, a school trip on
     Astra; a maker's shop on Shopify, a photo club's competition on Avada), 557 references (213
     personal, 90 unsure), written beside ax by another reviewer who never saw the detector and
     measured once with that session's start code: 0.839 (P 0.889, R 0.793; sure labels 0.873); 0.842
     with all its changes (P 0.890, R 0.798). A clean figure: its errors have not been read.
  az 16 pages (a fan wiki's character on Fandom, an employer profile on Nuxt, a journalist's Mastodon
     profile, a school yearbook on TYPO3; an annual report on Gutenberg, a Reddit thread, a crowdfunding
     campaign, a video page with comments; flamenco tickets on Next.js, a league's player profile on
     Drupal, a museum's collection item with IIIF; a dating app's landing page on Webflow, a Tour de
     France live blog, a review site's user profile; a Q&A user page, a film festival's jury on Avada),
     509 references (215 personal, 115 unsure; one custom emoji's static copy, `data-static`, left
     out), written beside ax by another reviewer and measured once with that session's start code:
     0.764 (P 0.819, R 0.716; sure labels 0.840); 0.767 with all its changes (P 0.820, R 0.721). A clean figure: its errors
     have not been read.
  ba 16 pages (a maypole festival on Gutenberg with WP Rocket, a fire brigade's exercise on TYPO3, a
     seniors' club trip on Jimdo, a carpenter's topping-out on Elementor; a farmers' market on
     Squarespace, an under-11 tournament on Wix, a band's gig on Webflow, an art class's exhibition on
     Drupal; a surf school on Divi, a shooting championship on Kadence, a mountain hut's season on Avada;
     a winery's harvest festival on Astra, a parish choir's anniversary on Blogger, a florist's bridal
     bouquets on Shopify; a riding school on Nuxt, a hunting club's dog trial on Joomla), 567 references
     (248 personal, 100 unsure), written beside ax by another reviewer and measured once with that
     session's start code: 0.707 (P 0.725, R 0.690; sure labels 0.750). Its errors were read next: a
     tuning set since (then 0.730).
  bb 16 pages (a regional front page on Drupal, a funeral home's notices on TYPO3, a press room's board on
     AEM, a hiking club's tour on Astra; a court case on Next.js, a graduation on Squarespace, a research
     group on Hugo Blox, a car club's meet on Ghost; a mayor's welcome on Joomla, a charity gala on Wix,
     a bakery on Shopify; a football transfer on JNews, an amateur theatre on Divi, a sports camp on
     Webflow; a street festival's gallery with Envira, an optician on Elementor), 578 references (255
     personal, 102 unsure), written after ax to ba by a reviewer who never saw the detector and measured
     once: 0.809 with that session's start code (P 0.884, R 0.745; sure labels 0.831); 0.811 with all
     its changes. A clean figure. Its errors were read in a later session: a tuning set since (then
     0.849: a topping-out, a Konzert, a dress rehearsal, a goal's celebración).
  bc 16 pages of personal sites (an exchange-year blog on WordPress.com, a wedding couple's site on Jimdo,
     a singer's press kit on Next.js, a travel diary on Astra; a novelist on Elementor, an outfit post
     on Gutenberg, a photographer's "about me" on Avada, a researcher on Hugo; a parenting blog on Wix,
     a retiree's garden blog, a YouTuber's "about" on Nuxt; a family's holiday on Blogger, a restaurant
     review on Divi, a painter's portfolio on Webflow; a fitness coach on Squarespace, a podcast host on
     Ghost), 528 references (236 personal, 154 unsure), written beside bb and measured once: 0.656 with
     that session's start code (P 0.739, R 0.589; sure labels 0.702). Its errors were read next: a tuning
     set since (then 0.697: Ghost's "no-image" articles, outfit photos).
  bd 16 pages of shops and services (electronics on Shopware, sofas on WooCommerce, a supermarket's offers
     on Nuxt, a DIY guide on TYPO3; bestsellers on Shopify, SaaS pricing on Webflow, SaaS customers on
     Next.js, pet insurance on Elementor; cosmetics on Salesforce Commerce Cloud, a bank on AEM, car
     rental on Angular; an airline's destination on Sitecore, running shoes on Magento, a toy shop on
     Flatsome; a garden centre on Wix, a baby-care pharmacy on PrestaShop), 586 references (176
     personal, 85 unsure), written beside bb and measured once: 0.747 with that session's start code (P
     0.818, R 0.688; sure labels 0.802), the same with all its changes (a Magento row's background
     found since). A clean figure. Its errors were read in a later session: a tuning set since (then
     0.788: a baby-care range's name, people nouns of services' photos, a missing-photo file, a table).
  be 16 pages of communities and user content (a doctor-rating profile on Drupal, a village feed on
     HumHub, bike classifieds, a shop's product questions with customer photos; a gaming clan on Divi, a
     lost-cat post on a neighbourhood network, a reef forum on XenForo, a trades directory on Webflow;
     hotel reviews on Avada, a dating profile, a volunteering project on Elementor; a Piwigo gallery, a
     bistro's booking on Wix, a second-hand jacket; a fans' forum on phpBB, a recipe with readers'
     photos), 496 references (173 personal, 116 unsure; one XenForo full-size link's label left out),
     written beside bb and measured once: 0.705 with that session's start code (P 0.736, R 0.676; sure
     labels 0.685). Its errors were read next: a tuning set since (then 0.724).
  bf 16 pages of the kinds a crawl for pictures meets most (a local paper's article with teasers on BLOX, a
     conference's speakers on Next.js, a recipe blog with comments on Kadence, a product launch on Webflow; a
     university's staff on TYPO3 with `<base href>`, a gym's classes and trainers on Elementor with WP Rocket,
     local election candidates on Gutenberg; a restaurant's team on Wix, a property listing on Nuxt, a town
     hall's news on Drupal; hotel rooms on Squarespace, a football gallery on Joomla with Phoca, a charity's
     annual report on GeneratePress; a fashion category on Shopify, a wedding photographer on Divi with an
     Instagram feed, a winery's "about us" on Magento), 542 references (239 personal, 94 unsure; the label of a
     Magento loader GIF named only in a `data-mage-init` script configuration, no picture of the page, is left
     out), written
     by a reviewer who never saw the detector and measured once: 0.838 (P 0.877, R 0.803; sure labels 0.913),
     the same with that session's start code. Its errors were read next: a tuning set since (then 0.853:
     elders and candidates, a wedding's venue and bouquet).
  bg 16 pages (a national paper's politics article with a gallery on Arc XP, a phone review on Next.js, a
     forum thread on phpBB, a podcast episode on Squarespace; a football club's season review on TYPO3, a
     dentist's team on Wix, a village fair's blog on Astra; a museum's exhibition on Drupal, a funeral
     home's notice on Avada, celebrity news on Newspaper; a used car on a custom PHP site, marathon results
     on Nuxt, a travel blog on Ghost; a firm's leadership on Webflow, a school's diplomas on Joomla, a
     festival's line-up on Gatsby), 507 references (209 personal, 69 unsure), written beside bf by another
     reviewer who never saw the detector and measured once, after that session's fixes from bb, bd and
     bf: 0.826 (P 0.811, R 0.842; sure labels 0.859), the same with the session's start code. Its
     errors were read in the next session: a tuning set since (then 0.854: a given name heading where
     its bearer is, a brass band, a sculpture's material and a date before photography).
  bh 16 pages (a regional paper's court report on Next.js, a university department's people on
     Drupal, a hotel's booking page with guests' reviews on Avada, a recipe with comments on
     Gutenberg, a car-parts category on Magento, a wedding planner's portfolio on Wix, a party's
     candidates on Divi, an estate agency's team and listings on Elementor, a school paper's class
     trip on SNO, a youth football team on TYPO3, a landscape photographer on Squarespace, a sweater
     on Shopify, a charity's annual report on HubSpot, a professional-network profile on React, an
     events calendar on Nuxt and Storyblok, a newsroom on Webflow), 667 references (250 personal, 38
     unsure), written by another reviewer who never saw the detector and measured once: 0.828 (P
     0.792, R 0.868; sure labels 0.861), the same with the session's start code. Its errors were
     read in the next session: a tuning set since (then 0.885: a given name then what its bearer
     does or their age, a public meeting, a production still, a crew-neck sweater, a profile's
     header strip).
  bi 16 pages (a theatre's ensemble on WordPress and Kadence, a private clinic's doctors on Next.js, a
     cooking school's classes on Squarespace, a running club's race report on Joomla, a law firm's
     partners on HubSpot, a trade fair's exhibitors on Craft, a bakery's story on Jimdo, a student
     union's candidates on Drupal, a guitar with reviews on Shopware, a choir's concert on Elementor,
     a photo contest's winners on Divi, an election night's live blog on Arc XP, a science feature on
     Ghost, a hiking forum's thread on XenForo, a hackathon's winners on Astro, a tourist office's
     things to do on TYPO3), 703 references (274 personal, 46 unsure), written by another reviewer
     who never saw the detector, with traps of its own (a puppet, a robot, a steamer, a seismometer
     and a sourdough starter with people's names), and measured once: 0.797 (P 0.761, R 0.836; sure
     labels 0.809), the same with the session's start code. Its errors were read in the same session:
     a tuning set since (then 0.81: a German gathering's compound, a debate, a madeleine).
  bj 16 news and magazine pages (a national paper's front page on Arc XP, a tabloid's celebrities, a
     tech article, a local paper's home page on Newspack; a regional paper's front page, an election
     analysis, a Bundesliga matchday; a French daily's front page, a women's magazine's beauty
     section, a regional paper's news in brief; a Spanish daily's front page, a transfer story, an
     inflation story with charts; an Italian daily's front page, a TV gossip magazine on AMP, a town
     council story), 597 references (229 personal, 23 unsure), written beside bi by another reviewer
     who never saw the detector and measured once: 0.726 (P 0.877, R 0.620; sure labels 0.731), the
     same with the session's start code. Teasers whose alt text is a headline that names nobody are
     what it misses. Its errors were read in the same session: a tuning set since (then 0.78:
     celebrities, players by position, a group leader, a detainee, a Wahlsieger).
  bk 16 personal sites, blogs and small businesses (a fashion influencer's outfit, a travel couple's
     road trip, a personal trainer, a tattooist, a yoga retreat, a barber shop, a musician's tour, a
     local politician, a mum's day out, a novelist, a dog trainer, a home renovation, a wedding's
     website, a ceramicist's shop, a podcast's episode, a cyclist's race report) on WordPress,
     Squarespace, Wix, Ghost, Blogger, Substack, Shopify, Webflow and Jimdo, 641 references (252
     personal, 76 unsure), written beside bi and bj by another reviewer who never saw the detector
     and measured once, after that session's fixes from bh, bi and bj: 0.805 (P 0.834, R 0.778; sure
     labels 0.816; 0.800 with the session's start code). Its errors were read in the same session: a
     tuning set since (then 0.81: a barber, an animal's portrait, a colour-named stock avatar).
  bl 16 pages of institutions (a university department's news on Drupal, a hospital's cardiology
     team on Sitecore, a city's press releases, a charity's impact stories on WordPress; a research
     institute's press photos on TYPO3, a district office's news, a gymnastics club on Joomla; a
     region's agenda on Drupal, an engineering school's alumni, a museum's collection on IIIF; a
     library network's activities on Liferay, a foundation's trustees on AEM, a fire brigade
     association on WordPress; a tourist region's news on Liferay, a research group on Plone, a
     diocese's parish events on Joomla), 622 references (205 personal, 50 unsure), written beside bk
     by another reviewer who never saw the detector and measured once, after that session's fixes
     and their review: 0.812 (P 0.847, R 0.780; sure labels 0.843), the same with the session's start
     code. Its errors were read in the same session: a tuning set since (then 0.83: an award
     ceremony, a gala, a priest named with his title, a statue for a feast).
  bm 16 pages of popular consumer sites (a recipe with reviews on WordPress, a streaming show's cast
     on Next.js, a concert's tickets on React, a property listing; a car magazine's test, a job ad, an
     outdoor shop's category on Shopware; a dating-advice article, a second-hand listing, a hotel
     with reviews; a football club's squad, a beauty shop's serum, a tour with its guides; a dress on
     Magento, a restaurant guide's review, a motorbike forum on phpBB), 834 references (206
     personal, 69 unsure), written beside bl by another reviewer who never saw the detector and
     measured once with the session's final detection: 0.667 (P 0.762, R 0.592; sure labels 0.693),
     the same with the session's start code. Its errors were read in the next session: a tuning set
     since (then 0.68: a recipe's camera-named photos are its dishes).
  bn 16 pages sampled as a general crawler meets them (a bakery's home page on Squarespace, a
     woodworking forum thread on XenForo, job listings on Laravel, a product review on Next.js; a
     football club on TYPO3, a kitchen shop's category on Shopware, a property exposé on Contao; a
     regional AMP article, an agency's team on Webflow, a shirt on PrestaShop; a jazz concert on
     WordPress's Events Calendar, a used car on Nuxt, a hiking blog on Ghost; a winery's "about us"
     on Elementor, a recipe with WP Recipe Maker, an agriturismo on Joomla), 500 references (161
     personal, 35 unsure), written by a reviewer who never saw the detector and measured once:
     0.738 (P 0.725, R 0.752; sure labels 0.778), the same with the session's start code. The
     reviewer listed 66 more references find_images' contract leaves out (favicons and touch icons,
     a Windows tile image, lightboxes' full-size files, paths inside scripts, an amp-pixel), 14 of
     them personal, dropped from the labels (with them, as missing: 0.708). A clean figure: its
     errors have not been read.
  bo 16 image-heavy pages (a wedding gallery on WordPress with Envira and an Instagram feed, stock
     photo results on Next.js, a property gallery on Gatsby, a recipe's steps; a primary school's
     sports day on TYPO3, a car dealer's gallery on Nuxt, a football club's season album with Phoca
     Gallery; a photographer's portfolio on Hugo, a festival's NextGEN gallery, a travel blog on
     Ghost; a social network's profile grid, a lookbook on Shopify, a hotel's Elementor gallery; a
     museum's collection on Drupal, a town palio's AMP gallery, a kindergarten's end-of-year party),
     499 references (199 personal, 77 unsure), written beside bn by another reviewer who never saw
     the detector and measured once: 0.657 (P 0.621, R 0.698; sure labels 0.673), the same with the
     session's start code, the lowest first figure of any set: camera-named gallery pictures whose
     pages say nothing of who is in each. 105 references out of find_images' contract (40 of them
     personal, mostly lightboxes' full-size files, which the guard judges with their thumbnail's
     context) were dropped from the labels (with them, as missing: 0.600). Its errors were read in
     the same session: a tuning set since.
  bp 16 pages centred on people (a university's staff directory on Drupal, a conference's speakers
     on Elementor, an obituary on Next.js, an actor's filmography on Angular; a law firm's partner
     on TYPO3, a handball roster on SportsPress, a doctor's booking profile on Nuxt; a member of
     parliament on Liferay, an AMP interview, a wedding website; a freelancer on Rails, a blog's
     author page, a company's leadership on HubSpot; a CV on Hugo, a graduating class on Joomla, a
     social profile on Laravel), 532 references (257 personal, 41 unsure), written after bn and bo
     by a reviewer who never saw the detector and told to list only what find_images is asked to
     find, measured once after that session's fixes from bm and bo: 0.850 (P 0.822, R 0.879; sure
     labels 0.883), the same with the session's start code. A clean figure: its errors have not
     been read.
  bq 16 pages with few or no people, where a guard must not over-block (a shop's home page on
     Shopify, software documentation on Docusaurus, a SaaS pricing page, an AMP tech article; a
     hardware store's category on Shopware, a bus timetable on TYPO3, a car configurator on
     Angular; a recipe, a property listing, a town's waste collection on Drupal; a hotel room on
     Elementor, a museum object on Omeka S, a weather page on Nuxt; a garden blog, a sofa on
     PrestaShop, a travel guide on Gatsby), 518 references (90 personal, 28 unsure), written beside
     bp by another reviewer and measured once the same way: 0.629 (P 0.579, R 0.689; sure labels
     0.678; 0.623 with the session's start code): 45 of its 428 references without a person (11 %)
     were called personal.
  bt 16 news and magazine pages (a national front page on Arc XP, a live blog on Next.js, a tech
     review on WordPress VIP, an opinion column on Ghost; a photo gallery on Escenic, a handball
     report on Drupal, a business article on Methode; a film review, a council report on Arc XP,
     a storm story on Brightspot; a celebrity AMP page, a travel feature, a science article on
     Next.js; a fashion piece, a regional story, an obituary on a custom CMS), 514 references (230
     personal, 20 unsure), written by a reviewer who never saw the detector, measured once: 0.778
     (P 0.851, R 0.717; sure labels 0.779; the session's start code, the same). Its errors were
     then read.
  br 16 pages a general crawler meets (a local paper on WordPress's Newspaper theme, a podcast
     episode on Squarespace, a Discourse thread, an essay on Ghost; a match report on Joomla with
     Simple Image Gallery, a university news item on TYPO3, a job ad on Webflow; a mug on Shopify,
     an NGO campaign on Drupal, a tourism page on Nuxt; an event on Wix, a classified ad on
     Next.js, a hiking blog on GeneratePress; an olive mill's About page on Divi, a review on Hugo,
     a company post on a LinkedIn-like network), 469 references (162 personal, 23 unsure), written
     beside bt by another reviewer who was not told which references find_images is asked for:
     its favicons, lightboxes' `<a href>` and `data-full-res` files, `data:` placeholders and the
     originals a Next.js or Nuxt page names only in its JSON (84, 16 of them personal) were dropped
     from its labels. Measured once: 0.819 (P 0.897, R 0.753; sure labels 0.834; 0.777 with the
     dropped references counted; the session's start code, the same), then read.
  bs 16 photo-led pages where the markup says little, hashed and camera file names, empty or
     generic alts (a brunch guide of Instagram embeds on Kadence, a festival aftermovie on
     Webflow, a band on Squarespace, a property on Next.js; a kindergarten's news on TYPO3, a
     brewery on Shopify, a gym on Elementor; a restaurant on Wix, a hair salon on Divi, a students'
     association on Hugo; a car dealer on Laravel, a football club's shop on PrestaShop, a travel
     vlog on AMP; a wedding venue on Avada, a yoga studio on Jimdo, a bakery on Nuxt), 580
     references (204 personal, 56 unsure), written beside br and bt by a third reviewer, measured
     once: 0.697 (P 0.627, R 0.784; sure labels 0.703; the session's start code, the same). A
     clean figure: its errors have not been read.
  bv 16 community pages with users' pictures (a Reddit-like thread, a Q&A answer, a review site's
     business page, a Forgejo contributors page; a phpBB thread, a Mastodon profile, a neighbourhood
     feed on Rails; readers' photos on a Drupal recipe, a seller's profile on Next.js, book reviews
     with jQuery Lazy Load; a meetup on Nuxt, a running activity, an e-sports roster on Elementor;
     a fan club on Joomla, a dating profile on Angular, a local paper's comments on AMP), 563
     references (151 personal, 54 unsure), written by a reviewer who never saw the detector,
     measured once: 0.629 (P 0.517, R 0.801; sure labels 0.688; 0.627 with the session's start
     code): most of its errors are users' avatars showing a dog, a bike, a logo or a drawing,
     which markup cannot tell from a face. Its errors were then read. Its five inline `data:`
     placeholders are not listed.
  bu 16 pages of small businesses and hobbyists full of their own camera photos (a pottery studio on
     Squarespace, a garage on Elementor, a beekeeper on WordPress.com, vintage knitwear on Shopify;
     a carpenter on TYPO3, a model railway club on Joomla, a bakery on Jimdo; a furniture restorer
     on Wix, a campsite on GeneratePress, a dog groomer on Divi; a bike workshop on Flatsome, a
     hike on Ghost, a florist on Webflow; a vineyard on Kadence, a garden centre on Drupal, an
     allotment on Blogger), 516 references (154 personal, 64 unsure), written by a reviewer who
     never saw the detector, measured once: 0.521 (P 0.416, R 0.695; sure labels 0.497; 0.506
     with the session's start code). A clean figure: its errors were not read then (only counted:
     114 of its 150 over-blocked pictures have a camera's file name as their one cue); some of its missed
     alt texts were read in session 69, with every set's (a nursery's staff "tra le rose"). Its seven
     inline `data:` placeholders are not listed.
  bw 16 pages a general crawler meets whose markup describes their pictures fairly well (a local news
     article on Ghost, a consultancy's team on Elementor, a knitwear product on Shopify, a podcast episode on
     Squarespace; a professor's profile on TYPO3, a country hotel on Divi, a football squad on Joomla; a
     recipe on Gutenberg, a conference's speakers on Wix, a flat for sale on Next.js; a restaurant's
     reviews on Drupal, a job ad on Nuxt, a travel blog on GeneratePress; a museum's photo exhibition on
     AMP, a forum thread on phpBB, a charity's annual report on WPBakery), 589 references (189 personal, 36
     unsure), written beside bx by another reviewer who never saw the detector; measured once: 0.820 (P
     0.820, R 0.820; sure labels 0.859; keyword baseline 0.278; the session's start code, the same). Its
     errors were then read, not tuned on: default Gravatars and Google letter avatars, a family suite, a
     photographer's name in an alt, podcast covers with a guest's cut-out photo.
  bx 16 pages an image crawler would target (a wedding photographer's portfolio on Elementor with Envira,
     stock-photo results on Next.js, a band's tour on Squarespace, a school's leavers' gallery on NextGEN;
     a regional wiki's biography on MediaWiki, a carnival parade gallery on TYPO3, a car dealer on Divi;
     a red-carpet gallery on Ghost, a travel agency's Crete on Drupal, a dress shop on Shopify; a casting
     agency on Wix, a wedding-ideas board on Nuxt, a marathon report on AMP; a city's wiki article, a
     gallery's exhibition of portraits on Webflow, a villa on Joomla), 733 references (290 personal, 103
     unsure), written beside bw by another reviewer who never saw the detector, galleries of camera-named
     photos mixing people with venues, food and cars; measured once: 0.686 (P 0.707, R 0.666; sure labels
     0.717; keyword baseline 0.127; the session's start code, the same). A clean figure: its errors have not
     been read.
  by 16 ordinary pages a general crawler meets whose markup says something of their pictures as real sites
     write it (a town festival's gallery behind an image resizer, a university research group on TYPO3 with a
     <base href>, a dental practice's team on Elementor, a company's leadership on Next.js; a hiking blog on
     WordPress with Jetpack, a charity's event recap on Squarespace, a conference programme on Hugo with
     Cloudinary, a forum thread on XenForo; a backpack on Shopify with Judge.me reviews, a festival line-up on
     Webflow, a flat for sale, a rugby club's results on WordPress; a wedding venue on Wix, a museum's object
     on Drupal with IIIF, an obituary, a restaurant's reviews with Trustindex; 6 English, 3 German, 3 French,
     2 Spanish, 2 Italian), 832 references (348 personal, 84 unsure), written by a reviewer who never saw
     the detector; measured once: 0.794 (P 0.809, R 0.779; sure labels 0.811; keyword baseline 0.234; the
     session's start code, the same). One page's errors were then read, not tuned on: the Shopify page
     scored 0 (a model wearing the backpack in the product's JSON-LD image at 0.48, the Product type and
     product classes against the alt; Judge.me's review photos, alt "User picture", customers' selfies).
  bz 16 pages of kinds no earlier set had (a tech blog post on WordPress with an author box and comments, a
     law firm's partners, a dating app's landing page on Next.js, a camera club's competition results on
     Squarespace, a podcast episode on AMP, a hotel room with WP Rocket's lazy loading; a primary school's
     staff on TYPO3, a hairdresser's before-and-after gallery on Wix, a town council; a recipe blog with the
     cook's photos, an estate agency's office, a parish newsletter on SPIP; a football club's youth team on
     Elementor, an online course's instructors; a band's tour, a kindergarten's newsletter on Blogger; 6
     English, 3 German, 3 French, 2 Spanish, 2 Italian), 575 references (172 personal, 79 unsure), written by
     a reviewer who never saw the detector; measured once: 0.822 (P 0.777, R 0.872; sure labels 0.879;
     keyword baseline 0.269; the session's start code, the same). Its errors were read in the next session
     (words that are a person only in another language, a family's room, an author box after the article
     body). Its lazy loaders' seven inline `data:` placeholders (labelled not personal; no reference
     find_images reports) are not listed, as in `bt`, and two references find_images reports are not
     labelled (an Instagram feed's `data-img-src-set`, a Blogger `itemprop` image), as the reviewer left them.
  ca 16 pages of other kinds again (a town hall's press release on the mayor's factory visit on TYPO3, a fire
     brigade's annual report on Jimdo, a dermatologist's profile with booking on Next.js, a bakery's page with
     its Instagram feed; a choir's concert review with audience photos, a crowdfunding update on Nuxt, a
     museum's restoration blog on Drupal; a yoga teacher directory on Webflow, a craft fair's exhibitors on
     Squarespace, a regional TV channel's presenters; a cooking class gallery on Elementor, a charity's donor
     wall on HubSpot, an online course instructor's page; a company's "People" tab, a neighbourhood newsletter
     on Ghost, a university's alumni news; 4 German, 3 each French, Spanish, Italian and English), 584
     references (252 personal, 67 unsure), written by a reviewer who never saw the detector; measured once:
     0.870 (P 0.876, R 0.865; sure labels 0.936; keyword baseline 0.315; the session's start code, the
     same). A clean figure: its errors have not been read. Two references find_images reports are not
     labelled (the sizes of a Next.js page's preload `imagesrcset` of the doctor's portrait).
  cb 16 news and magazine pages, whose markup names people as news sites' does (a regional paper's fun-run
     gallery, a match report with player ratings on Arc XP, a national front page of twenty teasers on
     Next.js, a tech piece on a CEO on WordPress VIP; a mayoral election's results, a magazine interview, a
     science story on Drupal; a celebrity wedding slideshow, an opinion index of columnists, weather and
     traffic on AMP; a business article, a travel feature, a podcast hub; a fashion show, a TV guide, a photo
     agency's search results; 4 English, 3 each German, French, Spanish and Italian), 572 references (229
     personal, 60 unsure), written by a reviewer who never saw the detector; measured once: 0.878 (P 0.896,
     R 0.860; sure labels 0.900; keyword baseline 0.121; the session's start code, the same). A clean
     figure: its errors have not been read.
  cc 16 pages of online services and marketplaces (a holiday rental with its host and guests' reviews on
     Next.js, a code host's project members on GitLab, a Q&A thread on Discourse, a jazz gig's tickets with
     /_next/image; a nurse's job ad on TYPO3, estate agents on Elementor with WP Rocket, a dog shelter on
     Joomla; a recipe with users' photos on Nuxt with /_ipx, a ride-sharing help article on Zendesk, a worn
     dress for sale; a ceramics shop on Shopify with Judge.me, a fitness app's trainers on Webflow, a futsal
     league's scorers on Drupal; an online course, a restaurant booking on AMP, a photographer's profile on
     a photo community; 4 English, 3 each German, French, Spanish and Italian), 574 references (204
     personal, 83 unsure), written by a reviewer who never saw the detector; measured once: 0.809 (P 0.781,
     R 0.838; sure labels 0.845; keyword baseline 0.404; the session's start code, the same). A clean
     figure: its errors have not been read. Its nine inline `data:` placeholders (labelled not personal; no
     reference find_images reports) are not listed, and a PayPal donate button its author's script did not
     list is labelled not personal.
  cd 16 pages full of people's names whose pictures are often not of them, and of people's photos with
     little text (a bookshop's new releases on Shopify, a wedding guests' gallery on Kadence with Envira, a
     sports hall of fame on Drupal, a library's team page on Docusaurus; a gallery's exhibition of portrait
     paintings on TYPO3, a wine estate's family history on Elementor, streets named after people on Ghost; a
     hotel named after its founder on Wix, a theatre's Cyrano on Divi, a family history on Blogger; a record
     label on Webflow, a statue of Alfonso X with IIIF, an obituary with condolences; a photographer's grid
     of camera names on Squarespace, a school's class photos on Joomla, a parish's saints' days; 4 English,
     3 each German, French, Spanish and Italian), 586 references (264 personal, 145 unsure), written by a
     reviewer who never saw the detector; measured once on the author's labels: 0.776 (P 0.743, R 0.811;
     sure labels 0.854; keyword baseline 0.236; the session's start code, the same). A clean figure: its
     errors have not been read. Its two inline `data:` placeholders are not listed; the 2x sizes an Envira
     gallery names in `data-envira-srcset` (22, which its author's script did not list) carry their 1x
     size's label and two Instagram feed photos (`data-full-res`) are labelled personal, unsure, by the
     set's installer: 0.777 with them.
  ce 16 pages of small businesses' and people's own sites as site builders make them (a family bakery's story
     on Shopify, a tattoo studio's artists on Divi with an Instagram feed, a creator's Linktree, a podcast's
     about page on Substack; a plumber on Jimdo, a dog groomer on Wix, a dentist's landing page on Elementor
     with WP Rocket; an architects' studio on Webflow, a bed and breakfast on Astra, a photographer's about
     page and client gallery on Squarespace; a yoga teacher on Carrd, a children's entertainer on Avada, a
     coach's testimonials on Notion; a family winery on Wix, a band on Spectra, a ceramics maker's product
     page on Shopify; 4 English, 3 each German, French, Spanish and Italian), 549 references (203 personal,
     70 unsure), written by a reviewer who never saw the detector; measured once: 0.763 (P 0.749, R 0.778;
     sure labels 0.819; keyword baseline 0.253; the session's start code, the same). A clean figure: its
     errors have not been read. Its lazy loaders' inline `data:` placeholders are not listed; two Instagram
     feed photos (`data-full-res`), a YouTube poster in `data-src` and two lazy footer badges
     (`data-orig-src`), which its author's script did not list, are labelled by the set's installer.
  cf 16 institutions' pages in the markup of their CMSs (a hospital's cardiologists on Sitecore, an NGO's
     annual report on WordPress, a school district's staff on Finalsite, a police missing-person notice on
     CivicPlus; a research group on TYPO3, an institute's prize on AEM, a fire brigade's recruiting on a
     municipal portal; a ministry's press room on Drupal with the state's design system, a museum's 17th-
     century portraits on Drupal, an embassy's reception on SPIP; a library's events on Liferay, an
     ombudsman's report on Sitefinity, a chamber of commerce's members on Elementor; a town's ribbon-cutting
     on OpenCity, a national team on Next.js with Contentful, a broadcaster's programme; 4 English, 3 each
     German, French, Spanish and Italian), 500 references (168 personal, 55 unsure), written by a reviewer
     who never saw the detector; measured once: 0.870 (P 0.909, R 0.833; sure labels 0.899; keyword baseline
     0.322; the session's start code, the same). A clean figure: its errors have not been read. Its WP
     Rocket placeholders (`data:`) are not listed; an AEM image's width template (`data-cmp-src`) and two
     search buttons (`input type=image`), which its author's script did not list, are labelled by the set's
     installer.
  cg 16 archives', libraries' and heritage pages where old photographs of people sit beside objects, buildings and
     documents (a mill's photo collection on Omeka S, a village war memorial's roll of honour on WordPress, a 1968
     yearbook archive on Next.js, a family grocer's centenary on Squarespace; a municipal archive's "then and now" on
     TYPO3, a family album in a Goobi viewer with IIIF, a genealogy forum thread on XenForo; an amateur film's record
     on Drupal, a local history society's postcards on Elementor, a Europeana-like record on Nuxt; a museum's online
     exhibition of a woman photographer on Joomla, a municipal archive's search results on CONTENTdm, a 1929 town
     band on Blogger; a local wiki's photographer on MediaWiki, a silk mill's photos on Islandora, postcards on Wix;
     4 English, 3 each German, French, Spanish and Italian), 455 references (174 personal, 51 unsure), written by a
     reviewer who never saw the detector; measured once: 0.657 (P 0.683, R 0.632; sure labels 0.676; keyword
     baseline 0.133; the session's start code, the same). Its errors were then read, not tuned on: most misses are
     archive thumbnails (IIIF and Goobi viewers, CONTENTdm results) whose only words are a record's title beside
     them, a group noun or an event ("Kirchenchor 1927", "Taufe Hildegard") that near texts do not count. A XenForo
     proxied picture's original (`data-url`), a Blogger post's `itemprop` image and two blog-list favicons
     (`data-lateloadsrc`), which its author's script did not list, are labelled by the set's installer.
  ch 16 pages built with JavaScript frameworks and image CDNs whose file names are hashes (a fintech's team on
     Next.js, a creator's media kit on Framer, a recipe on Sanity, a knitwear lookbook on Shopify Hydrogen; a
     conference's speakers on Nuxt with /_ipx, a sports club on SvelteKit with Directus, a shipyard reportage on
     Contentful; dating app success stories on Gatsby, a bistro on Webflow, a charity on Strapi; an estate agent on
     Remix with Cloudinary, a newsletter on Astro, a photography course on Vue with imgix; a museum's exhibition on
     Angular with ImageKit, a city magazine on Storyblok, an illustrator's portfolio on Eleventy; 4 English, 3 each
     German, French, Spanish and Italian), 535 references (214 personal, 43 unsure), written by a reviewer who never
     saw the detector; measured once: 0.781 (P 0.756, R 0.808; sure labels 0.820; keyword baseline 0.359; the
     session's start code, the same). A clean figure: its errors have not been read.
  ci 16 event and photo-service galleries, where a crawler meets many people's photos at once (a half marathon's
     photo search by bib number on Next.js, a wedding gallery on Pixieset, a company's Christmas party on
     SharePoint, a conference's photo stream on SmugMug; a cycling sportive's bib search on Angular, a youth
     handball tournament with NextGEN, a school photographer's ordering gallery on Vue; a wedding on Pic-Time, a
     village fête with Phoca Gallery, a trade fair's press photos on Drupal; a nightclub's party photos with
     FooGallery, a graduation on Zenfolio, a photo booth's gallery; a dance school's show with Modula, a photo
     agency's red carpet, a class reunion's shared album in Google Photos' markup; 4 English, 3 each German, French,
     Spanish and Italian), 564 references (291 personal, 65 unsure), written by a reviewer who never saw the
     detector; measured once: 0.440 (P 0.632, R 0.337; sure labels 0.438; keyword baseline 0.179; the session's
     start code, the same). Its errors were then read: a gallery of an event (its title names a race, a wedding,
     a tournament) shows its people in the pictures nothing describes and no word names, a photographer's sequence
     or a hash, four or more in a folder (0.530 with that cue; the 84 earlier sets pooled, 0.8235 to 0.8238).
     Thirteen lightbox originals a Modula gallery's links name and a finish-line video's poster, which its author's
     script did not list, are labelled by the set's installer from their thumbnails and the text beside them.
  cj 16 pages where people's photos are small interface elements among pictures of things (a hiking post's
     comments with Gravatars on WordPress, a skillet's Judge.me reviews on Shopify, a conference's speakers on
     Next.js, a cooking Q&A's answer cards; a local paper's columnists on Drupal, a help-centre article with a
     support chat on Zendesk, a recipe's readers' photos with WP Recipe Maker; a podcast's guests on Ghost, a
     serum's Yotpo reviews, an agency's team carousel on Elementor; a release post's contributors on Docusaurus, a
     news article with Disqus, a Discourse topic; a XenForo thread's users online, a coffee shop's reviews on
     WooCommerce, a Substack archive; 4 English, 3 each German, French, Spanish and Italian), 501 references (183
     personal, 50 unsure), written by a reviewer who never saw the detector; measured once: 0.785 (P 0.773,
     R 0.798; sure labels 0.815; keyword baseline 0.407; the session's start code, the same). A clean figure:
     its errors have not been read. An ad pixel keeps its empty query (`…?`) as browsers do, and five product
     gallery thumbnails its author's script did not list carry their picture's label.
  ck 16 obituaries', memorials' and family announcements' pages, where a face scraper meets the dead and the living
     side by side (a funeral home's obituary with its guest book on Elementor, an obituary listing on Next.js, a war
     memorial's casualty record on Drupal, a vet's pet memorial wall on Divi; a paper's death notices, a
     crematorium on TYPO3 with a <base href>, a regional paper's anniversaries; a funeral home's notices with WP
     Rocket, a paper's births, weddings and deaths column behind an image resizer, a parish bulletin on Drupal; a
     paper's death notices on Next.js with Cloudinary, a tanatorio on Drupal with Blazy, an online memorial with
     imgix; a newspaper obituary with condolences, a funeral home's posters on WPBakery, a town's roll of the
     fallen on Bootstrap Italia; 4 English, 3 each German, French, Spanish and Italian), 513 references (201
     personal, 21 unsure), written by a reviewer who never saw the detector; measured once: 0.828 (P 0.767,
     R 0.901; sure labels 0.831; keyword baseline 0.248; the session's start code, the same). A clean figure:
     its errors have not been read. Five scanned death notices' full-size originals a `data-zoom` names, which its
     author's script did not list, carry their thumbnails' labels.
  cl 16 fashion, beauty, fitness and lifestyle shops and brands, where many product pictures are worn or held by
     models and many are not (a linen dress with on-model shots, flat lays, swatches and review photos on Shopify,
     a sneaker drop on Next.js, a gym's timetable with its instructors on Elementor, a trail lookbook on Magento;
     an outdoor brand's athletes on Salesforce Commerce Cloud, a salon's shampoo with before/after on WooCommerce,
     kids' dungarees on Shopware; earrings on Shopify, a serum's customer photos on PrestaShop, a personal trainer
     on Wix; a dress on VTEX, sunglasses with try-on photos on Magento, swimwear with an ambassador on Shopify; a
     knitwear listing on Salesforce Commerce Cloud, a perfume on PrestaShop, a leather tote on Squarespace; 4
     English, 3 each German, French, Spanish and Italian), 509 references (192 personal, 56 unsure), written by a
     reviewer who never saw the detector; measured once: 0.470 (P 0.742, R 0.344; sure labels 0.526; keyword
     baseline 0.237; the session's start code, the same), the lowest yet: a model wearing a product is a
     product's picture to the detector. Its errors were then read (0.539 after): a tuning set since. Most of
     what it still misses is a model in a product gallery whose markup names only the garment, which
     context cannot tell from a packshot (94 such pictures on the blind pages showed none, 31 a model).
     Twenty-five gallery zooms and large sizes a `data-*` attribute names,
     which its author's script did not list, carry their pictures' labels; a lookbook's row background named
     only in Magento's `data-background-images` JSON is not labelled (its author did not see it).
  cm 16 careers, education and training pages (a company's careers page with employee stories on Webflow, a
     course landing page with its instructor and learners' reviews on Next.js, a bootcamp's graduates on HubSpot,
     a conference's call for speakers on WordPress; an apprenticeship's trainees on TYPO3 with a <base href>, a
     driving school's team on Wix, a job ad on Elementor; a university course on Moodle, careers on Drupal, a
     school's open day on Divi; a language school's teachers on Elementor, a tutor marketplace on Next.js with
     imgix, a bootcamp's alumni on Webflow; a master's lecturers on Bootstrap Italia, a driving school on Joomla
     with YOOtheme, careers with employees' words on WPBakery; 4 English, 3 each German, French, Spanish and
     Italian), 532 references (239 personal, 27 unsure), written by a reviewer who never saw the detector;
     measured once: 0.813 (P 0.836, R 0.791; sure labels 0.838; keyword baseline 0.338; the session's start
     code, the same). Its errors were listed once at that session's end and nothing was changed from them
     (Moodle's activity icons by a "groups" heading, job-page headers, open-day photos named by their room):
     no longer a clean figure. A YOOtheme section's background a `<div data-src>` names, which its author's
     script did not list, carries its picture's label.
  cn 16 music, nightlife and entertainment pages (a venue's programme on Elementor with The Events Calendar, a
     band's home page with merch on Shopify, an album review on Ghost, a wedding band on Squarespace; a theatre's
     season on TYPO3 with a <base href>, a club night's gallery on NextGEN, a music school's concert on Contao; a
     festival's artists on Next.js with Sanity, a comedy club on Webflow, an opera's cast on Drupal; a ticket
     shop on Nuxt with Cloudinary, a karaoke bar on Divi with review and Instagram widgets, a dance school's show
     on Wix; a local radio's presenters on Joomla, a podcast episode on Astra, a beach club's DJs on Jimdo; 4
     English, 3 each German, French, Spanish and Italian), 560 references (258 personal, 4 unsure), written by a
     reviewer who never saw the detector; measured once: 0.710 (P 0.763, R 0.663; sure labels 0.710; keyword
     baseline 0.079; the session's start code, the same). Its author listed favicons and touch icons and a
     lightbox's full-size copies its `<a href>` and `data-src` name (48, 10 of them personal): they are no
     references find_images reports (the guard judges a full-size copy with its thumbnail's context), so they
     are not listed. Its errors were read at once (then 0.727: a room's capacity in a listing beside its photo, a
     press shot): a tuning set since.
  co 16 health, care and wellness pages (a dental practice's team on Elementor, a pharmacy's hay-fever collection
     on Shopify, a hospital's new ward on Drupal, a psychotherapist's own site on Squarespace; a physiotherapy
     team on TYPO3 with a <base href>, a nursing home's summer party on Divi, a midwife's practice on Jimdo; a vet
     clinic on Wix, an optician's frames on PrestaShop, a blood donation drive on Astra with Jetpack's CDN; a
     paediatrician on Avada, a spa on Webflow, an eye clinic's patient stories on Next.js; home care on Joomla,
     a blood pressure monitor on Nuxt with Storyblok, a yoga teacher's retreats on Ghost; 4 English, 3 each
     German, French, Spanish and Italian), 569 references (237 personal, 11 unsure), written by a reviewer who
     never saw the detector; measured once: 0.783 (P 0.833, R 0.738; sure labels 0.783; keyword baseline 0.328;
     the session's start code, the same). Its author's 37 favicons and touch icons (none personal) are not
     listed, as in `cn`. Its errors were read in the next session (role words of care and service): a tuning
     set since.
  cp 16 sports and fitness pages (a football club's squad on SportsPress, a climbing gym's route setters on
     Webflow, an e-sports roster on Next.js with Sanity, a 10K's results and photos on Squarespace; a tennis
     club's news on TYPO3, a martial-arts school on Jimdo, a ski school on Contao with a <base href>; a fitness
     studio's coaches on Wix, a regatta report on Drupal, a cycling club's trip on Ghost; a swimming gala on
     Joomla, a trail shoe on Shopify, a riding school on Divi; a yoga studio on Elementor, a golf tournament on
     a hand-built PHP site, a youth league on Nuxt; 4 English, 3 each German, French, Spanish and Italian), 595
     references (237 personal, 11 unsure), written by a reviewer who never saw the detector and told to leave
     favicons and full-size links out; measured once: 0.757 (P 0.795, R 0.722; sure labels 0.760; keyword
     baseline 0.131; the session's start code, the same). Its errors were read in the next session (role words
     of sport): a tuning set since.
  cq 16 travel, hospitality and food pages (a boutique hotel's rooms and team on Elementor with review and
     Instagram widgets, a food truck on Squarespace, a travel blogger's itinerary on Ghost, a hostel's community
     wall on Next.js with Sanity; a ski hut's team on TYPO3 with a <base href>, a cooking school on Wix, a
     campsite on Contao; a bed-and-breakfast on Jimdo, a tourism office's events on Drupal, a bakery café on
     Shopify; reviews of a tapas bar on Astra, a travel agency's group trip on Joomla, a street-food market on
     Webflow; a winery's harvest on Divi, guided walks on Nuxt with Storyblok, an osteria's menu on a hand-built
     PHP site; 4 English, 3 each German, French, Spanish and Italian), 640 references (243 personal, 5 unsure),
     written by a reviewer who never saw the detector; measured once: 0.715 (P 0.759, R 0.675; sure labels 0.720;
     keyword baseline 0.220; the session's start code, the same). Its errors were then read (a staff photo's
     caption listing given names, the last before a full stop; a tasting's price "35 € a persona" beside its
     photo): a tuning set since.
  cr 16 civic pages (a town council's members on Drupal, a petition on Next.js, a sheriff's missing-person
     appeal on Divi, a scout camp on Squarespace; a fire brigade's report on TYPO3 with a <base href>, a local
     party's candidates on WordPress with Sunflower, a parish on Contao; a town hall's council on Elementor, a
     refugee-aid group on Wix, a strike report on Ghost; a budget session on Joomla, an NGO's campaign on
     Webflow, a parish festival on Jimdo; a volunteer ambulance service on Avada, a union's stewards on Drupal,
     a charity run's shop on Shopify; 4 English, 3 each German, French, Spanish and Italian), 601 references
     (252 personal, 4 unsure), written by a reviewer who never saw the detector; measured once: 0.793 (P 0.788,
     R 0.798; sure labels 0.794; keyword baseline 0.179; the session's start code, the same): a clean figure.
  cs 16 trades', home and local services' pages (an electrician's team on Elementor, an estate agent's listing
     on Next.js, a tattoo studio's artists on Squarespace; a hairdresser on Jimdo, a joinery on TYPO3 with a
     <base href>, a removal firm on Contao; an interior designer's project on Webflow, a plumber on Divi, a
     driving school on Drupal; a barber's shop on Shopify, a tailor on WPBakery, a photographer's studio on
     Joomla with YOOtheme; a builder's before and after on Astra, a cleaning firm on Nuxt, a gardener on Wix, a
     locksmith's reviews on Hugo; 3 each English, German, French and Italian, 4 Spanish), 555 references (204
     personal, 7 unsure), written by a reviewer who never saw the detector; measured once: 0.797 (P 0.838,
     R 0.760; sure labels 0.802; keyword baseline 0.356; the session's start code, the same): a clean figure.
  ct 16 pages of pets, animals and their people (a vet practice's team on Elementor, an animal rescue's adoptions
     on Squarespace, pet insurance on Next.js with Contentful, a bird club's outing on Drupal; a dog school on
     Jimdo, a riding school's ponies on TYPO3, a zoo keepers' blog on Contao; a dog groomer's before and after on
     Wix, a breeder's litter on Divi, a cat café on Webflow; a pet shop with models on Shopify, dog walkers on Nuxt
     with Storyblok, a wildlife rescue's volunteers on Joomla; a pet photographer on Ghost, a family farm park on
     WPBakery, a horse show's results on a hand-built PHP site; 4 English, 3 each German, French, Spanish and
     Italian), 516 references (194 personal, 3 unsure), written by a reviewer who never saw the detector;
     measured once: 0.654 (P 0.713, R 0.603; sure labels 0.650; keyword baseline 0.230; the session's start code,
     the same): a clean figure, the lowest of the session's sets (people beside their animals, named by the
     animal).
  cu 16 pages of children, families and schools (a newborn and family photographer on Squarespace, a parenting
     blog's birthday party on Kadence, a toy shop's product with children on Shopify, a summer camp on Webflow; a
     kindergarten's groups on TYPO3, a swimming school on Jimdo, a youth football team on Contao; a primary school's
     trip on Divi, children's dresses on PrestaShop, a library's story hour on Drupal; a music school's concert on
     Wix, a family hotel on Next.js, a parents' association on Joomla; a children's theatre workshop on WPBakery,
     a baby shop's blog on Nuxt with Storyblok, after-school tutoring on Elementor; 4 English, 3 each German,
     French, Spanish and Italian), 548 references (235 personal, 16 unsure), written by a reviewer who never saw
     the detector; measured once: 0.715 (P 0.800, R 0.647; sure labels 0.713; keyword baseline 0.262; the
     session's start code 0.706): a clean figure. Its author also listed a Shopify gallery's `data-zoom`
     full-size copies (5, 3 of them personal), which find_images reports as no reference (a full-size copy is
     judged with its thumbnail's context, as in `cn`): not listed.
  cv 16 pages of farms, rural life and producers (a farm shop's family on Shopify, a veg box scheme on
     Squarespace, an agricultural show's prize-giving on GeneratePress, a beekeeper on Wix; a cheese dairy's
     makers on TYPO3 with a <base href>, a forestry contractor on Contao, a harvest festival on Joomla; a wine
     estate's winemakers on Divi, a farmers' market's stallholders on Drupal, a farm B&B on Webflow; an olive oil
     producer on WooCommerce, a fishing cooperative on a hand-built PHP site, a machinery dealer on Next.js; a
     shepherd's cheese on Jimdo, a stone mill on Nuxt with Storyblok, a school garden on Design Scuole Italia; 4
     English, 3 each German, French, Spanish and Italian), 586 references (222 personal, 4 unsure), written by a
     reviewer who never saw the detector; measured once: 0.734 (P 0.785, R 0.689; sure labels 0.729; keyword
     baseline 0.309; the session's start code, the same): a clean figure.
  cw 16 pages of real estate and property (an estate agency's team on Elementor, a property portal's listing on
     Next.js, a property auction on Drupal, chartered surveyors on Umbraco; a property manager's caretakers on
     TYPO3, a housing cooperative's summer party on Contao, a new-build developer's open day on Divi; a letting
     agency on a vendor's PHP, architects on Webflow, a co-living house on Nuxt with Storyblok; a holiday-rental
     host on Wix, a home-staging package on Shopify, a mortgage broker on Joomla; an estate agency on Houzez, an
     interior designer on Squarespace, an open-house recap on Ghost; 4 English, 3 each German, French, Spanish and
     Italian), 574 references (211 personal, 8 unsure), written by a reviewer who never saw the detector;
     measured once: 0.829 (P 0.819, R 0.839; sure labels 0.830; keyword baseline 0.354): a clean figure. Its
     errors were then read (an open house's caption "Elisa racconta la cucina…", bidders in a saleroom): a tuning
     set since.
  cx 16 pages of professional services (a law firm's partners on Elementor, a financial adviser on Squarespace, a
     recruitment agency on Next.js, a coworking space's members on Webflow; a tax adviser on TYPO3, a notary on
     Contao, a consultancy's case study on Avada; an accountancy on Astra, a law firm on Wix, a chamber of
     commerce's board on Drupal; a payroll adviser on Divi, an insurance broker on Joomla with YOOtheme, a
     translation agency on Jimdo; a private bank on Adobe AEM, an audit firm's transparency report on a block
     theme, patent attorneys on Nuxt with Storyblok; 4 English, 3 each German, French, Spanish and Italian),
     605 references (226 personal, 4 unsure), written by a reviewer who never saw the detector; measured once:
     0.914 (P 0.935, R 0.894; sure labels 0.920; keyword baseline 0.217): a clean figure. Its author also
     listed the WebP copy of a YOOtheme background named only in its `data-sources` JSON (personal), which
     find_images reports as no reference (the JPEG beside it is judged): not listed.
  cy 16 pages of arts and culture (a museum's exhibition on Drupal, a theatre's cast on Elementor, a
     photographer's portfolio on Squarespace, an orchestra's musicians on Next.js; an opera season on TYPO3, a
     gallery's artists on Contao, a library's events on Joomla; a literary festival's authors on Divi, a ceramics
     studio on Shopify, a film festival on Nuxt with Strapi; a dance company on Wix, a street-art tour on
     Webflow, a painter on Jimdo; an art academy's graduation show on a hand-built site, a wedding photographer on
     Astra, a heritage open day on Ghost; 4 English, 3 each German, French, Spanish and Italian), 650 references
     (279 personal, 1 unsure; painted, drawn and sculpted portraits labelled not personal, photographs of people
     personal), written by a reviewer who never saw the detector; measured once: 0.827 (P 0.808, R 0.846; sure
     labels 0.826; keyword baseline 0.300): a clean figure. Its errors were then read (a jury card's "Idrissa
     Touré" over "Réalisateur", a Wix dance company's cards past their custom-element wrapper): a tuning set since.
  cz 16 pages of faith and community life (a parish's news on Elementor, a synagogue's programme on Squarespace,
     a mosque's open day on Wix, a Christian charity shop on Shopify; a parish on TYPO3 with a <base href>, a
     church choir on Jimdo, a cemetery on Contao; a diocese's clergy appointments on Drupal, a pilgrimage report
     on Astra with Gravatar comments, a convent's guesthouse on Joomla; weddings and baptisms on Avada, a youth
     ministry on Next.js with Sanity, a chapel restoration appeal on Webflow; a parish youth centre on WPBakery,
     a Buddhist temple's Vesak on Ghost, an interfaith evening on Nuxt; 4 English, 3 each German, French,
     Spanish and Italian), 608 references (267 personal, 9 unsure; statues, icons and painted saints labelled
     not personal), written by a reviewer who never saw the detector; measured once: 0.755 (P 0.785, R 0.727;
     sure labels 0.751; keyword baseline 0.274): a clean figure. Its errors were then read (first communions,
     confirmands, carol singers): a tuning set since.
  da 16 pages of games, esports and tech communities (an esports roster on Elementor, a streamer's about page on
     Next.js, a developer conference's speakers on Webflow, an app's landing page on Framer; a LAN party's recap
     on GeneratePress with Gravatar comments, a makerspace on TYPO3 with a <base href>, a board-game café on
     Jimdo; an indie studio's team on Squarespace, a cosplay contest's winners on Divi, a coding bootcamp's
     graduates on Nuxt with Storyblok; a tech meetup on Ghost, an esports-analytics startup on Wix, a game wiki's
     characters on MediaWiki; a retro-computing museum on Joomla, a game's crowdfunding campaign on a custom
     platform, a gaming convention on Drupal; 4 English, 3 each German, French, Spanish and Italian), 650
     references (242 personal, 4 unsure; drawn, pixel-art and 3D characters labelled not personal), written by
     a reviewer who never saw the detector; measured once: 0.752 (P 0.722, R 0.785; sure labels 0.754; keyword
     baseline 0.259): a clean figure. Its errors were then read (a Jimdo gallery's captions in data-subtitle, a
     MediaWiki thumbnail's folder): a tuning set since.
  db 16 pages of later life, care and remembrance (a care home's activities on Elementor, a U3A branch on
     Squarespace, a funeral home's obituary with guestbook on Next.js, a hearing-aid shop on Shopify with Judge.me
     reviews; a care home's news on TYPO3, a home-care team on Divi, a hospice's volunteers on Contao; a nursing
     home's social life on Drupal, a veterans' reunion on Wix, seniors' trips on Webflow; a care home's
     grandparents' day on Avada with Gravatar comments, a dementia charity on Joomla, mobility aids on
     PrestaShop; a school's grandparents' day on Design Scuole Italia, death notices on a hand-built PHP site, a
     pension fund's magazine on Nuxt with Storyblok; 4 English, 3 each German, French, Spanish and Italian), 488
     references (197 personal, 9 unsure), written by a reviewer who never saw the detector; measured once: 0.709
     (P 0.747, R 0.675; sure labels 0.723; keyword baseline 0.167): a clean figure. Its errors were then read (a
     memorial app's `obits` gallery): a tuning set since.
  dc 16 pages of cars, motoring and mobility (a used-car dealer's stock and team on Elementor, a bike shop on
     Shopify, a car magazine's road test on Next.js, a campervan rental on Squarespace; a driving school on Jimdo,
     a classic-car club's rally on TYPO3, a garage on Contao; neighbours' car sharing on Webflow, a tyre shop on
     PrestaShop, a transport museum on Drupal; a chauffeur company on Wix, a rally team on Divi, a motorbike
     touring blog on Ghost; a car dealer on Joomla with SP Page Builder, e-scooter sharing on Nuxt, a driving
     school on WPBakery with Google reviews; 4 English, 3 each German, French, Spanish and Italian), 635
     references (253 personal, 5 unsure), written by a reviewer who never saw the detector; measured once: 0.719
     (P 0.731, R 0.708; sure labels 0.718; keyword baseline 0.177): a clean figure. Its errors were then read (a
     Jimdo team card's name past its clearfix, Mercedes and Alfa Romeo read as people's names): a tuning set since.
  dd 16 pages of science, research and academia (a neuroscience lab's people on Elementor, a conference's
     speakers on Next.js with Sanity, an observatory's first light on Ghost, a citizen-science count on
     Squarespace; a soil-ecology group on TYPO3, an institute's press release on Contao, a physics student
     council's events on GeneratePress; a geoscience lab on SPIP, a PhD defence on Drupal, a science museum on
     Wix; a congress on Joomla with YOOtheme, a Horizon Europe project's partners on Nuxt, a hackathon on
     Webflow; a journal's editorial board on Open Journal Systems, a volcanology summer school on Kadence, an
     academic's homepage on Hugo Blox; 4 English, 3 each German, French, Spanish and Italian), 501 references
     (203 personal, 5 unsure), written by a reviewer who never saw the detector; measured once: 0.825 (P 0.865,
     R 0.788; sure labels 0.824; keyword baseline 0.246): a clean figure. Its errors were then read: a tuning set
     since.
  de 16 pages of charities, NGOs and activism (a flood field report on Elementor, a winter appeal on Next.js
     with Contentful, an animal rescue on Squarespace, a human-rights campaign on Ghost; a food bank on TYPO3, a
     river clean-up on Contao, a refugee-support association on Jimdo; a petition on Nuxt with Storyblok, a
     medical NGO's annual report on Drupal, volunteers wanted on Wix; a refugee association on WPBakery, a
     donors' gala on Webflow, a protest march on Joomla; a street party on Gutenberg, solidarity gifts on
     Shopify, a blood drive on a hand-built site; 4 English, 3 each German, French, Spanish and Italian), 611
     references (250 personal, 2 unsure), written by a reviewer who never saw the detector; measured once: 0.780
     (P 0.793, R 0.768; sure labels 0.779; keyword baseline 0.211): a clean figure. Its errors were then read: a
     tuning set since.
  df 16 pages of books, publishing and literature (a publisher's author page on Elementor, a literary festival's
     programme on Next.js with Contentful, an audiobook narrator on Squarespace, a self-publishing platform's book
     page on a hand-built app; a bookshop's new releases on Shopify, a literary prize's shortlist on TYPO3, a
     library's reading group on Drupal; a comics shop on PrestaShop, an author's own site on Wix, a poetry slam on
     Astra; a book-review blog on Blogger, a children's illustrator on Webflow, a publisher's new releases on Nuxt
     with Storyblok; a literature festival on Divi, a bookshop's readings on Jimdo, a literary magazine on Ghost; 4
     English, 3 each German, French, Spanish and Italian), 604 references (250 personal, 8 unsure), written by a
     reviewer who never saw the detector; measured once: 0.706 (P 0.743, R 0.672; sure labels 0.704; keyword
     baseline 0.221): a clean figure. Its errors were then read: a tuning set since.
  dg 16 pages of home, garden, DIY and interiors (an interior designer's project on Squarespace, a DIY tutorial on
     Kadence, a houseplant shop on Shopify, a renovation show on Next.js with Contentful; a joinery on TYPO3, a
     kitchen studio on Elementor, an allotment club on Contao; a landscape gardener on Wix, a paint brand on Drupal,
     a home-decor blogger on Ghost; a renovation firm on Divi, a smart thermostat on Nuxt, a community garden on
     Joomla; a tile brand on a hand-built site, a garden centre on WooCommerce, an interior studio on Webflow; 4
     English, 3 each German, French, Spanish and Italian), 613 references (223 personal, 15 unsure), written by a
     reviewer who never saw the detector; measured once: 0.700 (P 0.776, R 0.637; sure labels 0.721; keyword
     baseline 0.451): a clean figure. Its errors were then read: a tuning set since.
  dh 16 pages of hobbies, clubs and crafts (a choir on Elementor, a chess club on Drupal, an astronomy society on
     Squarespace, a board-game café on Shopify; a model-railway club on TYPO3, a photo club on Jimdo, a woodturning
     course on Contao; an amateur theatre on Wix, a patchwork group on Kadence, a birdwatching group on Joomla; a
     classic-motorbike club on Avada, a pottery course on Webflow, a scout group on Blogger; a choir on Divi, a
     knitting group on Ghost, a board-game association on Next.js with Sanity; 4 English, 3 each German, French,
     Spanish and Italian), 504 references (201 personal, 8 unsure), written by a reviewer who never saw the
     detector; measured once, after this session's first changes from `df` and `dg`: 0.684 (P 0.702, R 0.667; sure
     labels 0.693; keyword baseline 0.115; the same with the code before them): a clean figure. Its errors were
     then read: a tuning set since.
  di 16 pages of weddings, parties and celebrations (a wedding planner's real weddings on Elementor, a
     photographer's wedding story on Squarespace, a children's party entertainer on Wix, a photo booth hire on
     Webflow; a wedding venue on TYPO3, a bridal shop on Shopify, a cake maker on Jimdo; a caterer on Divi, a
     wedding DJ on Joomla, a hen-party organiser on Angular; a florist on WooCommerce, a communion outfitter on
     PrestaShop, a New Year's Eve gala on Drupal; a villa venue on Avada, a wedding band on Next.js, a wedding
     story on Ghost; 4 English, 3 each German, French, Spanish and Italian), 658 references (269 personal, 5
     unsure), written by a reviewer who never saw the detector; measured once: 0.712 (P 0.737, R 0.688; sure
     labels 0.711; keyword baseline 0.153): a clean figure. Its errors were then read: a tuning set since.
  dj 16 pages of beauty and personal-care services (a hair salon on Elementor, a tattoo studio on Squarespace, a
     booking platform's salon on Next.js, a cosmetic dentist on Divi; a barber on Wix, a beauty studio on TYPO3,
     a nail studio on Jimdo; a beauty institute on Astra, a make-up artist on Webflow, a spa on Drupal; a
     hairdresser on WPBakery with Jetpack's CDN, a piercing studio on YOOtheme, an aesthetic clinic on Nuxt with
     Storyblok; a hair brand's academy on Shopify, a barber's blog on Ghost, a nail bar on Oxygen; 4 English, 3
     each German, French, Spanish and Italian), 642 references (281 personal, 5 unsure; hands with nail art,
     tattooed arms and lips labelled personal), written by a reviewer who never saw the detector; measured once:
     0.678 (P 0.863, R 0.559; sure labels 0.673; keyword baseline 0.220): a clean figure. Its errors were then
     read: a tuning set since.
  dk 16 pages of outdoor adventure and activity tourism (a ski school's instructors on Elementor, a surf camp on
     Squarespace, a national park's ranger walks on Drupal, a bike tour on Next.js with Sanity; a mountain guide
     on TYPO3, a high-ropes park on Wix, riding holidays on Jimdo; canyoning photos for sale on Divi, a campsite on
     Joomla, balloon flights on Webflow; a diving centre on Avada, a sailing school on Ghost, rafting photos for
     sale on Nuxt; mountain guides on custom PHP, an adventure park on Shopify, a ski school on Astra; 4 English,
     3 each German, French, Spanish and Italian), 638 references (270 personal, 5 unsure), written by a reviewer
     who never saw the detector; measured once: 0.696 (P 0.757, R 0.644; sure labels 0.694; keyword baseline
     0.214): a clean figure. Its errors were then read: a tuning set since.
  dl 16 pages of online communities and user-generated content (an allotment thread on Discourse, a DIY Q&A on
     a Stack-Exchange-like site, a restaurant's reviews on Next.js, a Lemmy post's comments; a classic-car
     forum on phpBB, classifieds, a neighbourhood board on TYPO3; a recipe community on WordPress with wpDiscuz,
     a parents' forum on XenForo, fan art and cosplay on Nuxt; a cycling forum on Invision, a running club's
     leaderboard on Drupal, a neighbourhood group on BuddyPress; a link aggregator, a fan-fiction archive, a
     balcony-garden thread on Joomla with Kunena; 4 English, 3 each German, French, Spanish and Italian), 599
     references (210 personal, 17 unsure; avatars labelled by what they show: flowers, cats and drawings not
     personal), written by a reviewer who never saw the detector. Five XenForo lightbox addresses the writer
     labelled (a `data-src` on a `<div>` that its script fetches only when the picture is clicked) were dropped
     from the labels: the `<img>` inside each is labelled. Measured once: 0.644 (P 0.650, R 0.638; sure labels
     0.629; keyword baseline 0.430): a clean figure. Its errors were then read: a tuning set since.
  dm 16 pages of transport and mobility (a driving school's passes on Elementor, an airline's cabin crew
     careers on Next.js with Contentful, an airport's shops on Sitecore, a cycling collective on Squarespace; a
     transit company's accessibility page on TYPO3, a driving school on Jimdo, a haulier's drivers on Contao; a
     regional railway's news on Drupal, a ride-hailing driver page on Webflow, car sharing on Wix; a bus line on
     Avada, e-scooters on Nuxt, a removals team on YOOtheme; a ferry's on-board services on AEM, a driving
     school on Divi, an airline's press room on Ghost; 4 English, 3 each German, French, Spanish and Italian),
     589 references (229 personal, 6 unsure), written by a reviewer who never saw the detector; measured once:
     0.795 (P 0.930, R 0.694; sure labels 0.795; keyword baseline 0.216): a clean figure. Its errors were then
     read: a tuning set since.
  dn 16 pages of media and entertainment (a podcast episode on Ghost, a streaming series on Next.js, a model
     agency's board on Squarespace, a streamer's merch on Shopify; a regional TV channel on TYPO3, a radio
     station's DJs on Elementor, a film review on Drupal; a film festival's jury on Divi, a late-night show on
     Nuxt with Cloudinary, a singer's fan site on Joomla; a cooking show's contestants on Drupal with Blazy, a
     music video premiere on Wix, a casting agency on Webflow; a radio station on WPBakery, a TV schedule on
     custom PHP, a streamer's merch on WooCommerce; 4 English, 3 each German, French, Spanish and Italian), 547
     references (224 personal, 6 unsure), written by a reviewer who never saw the detector; measured once: 0.689
     (P 0.812, R 0.598; sure labels 0.688; keyword baseline 0.178): a clean figure. Its errors were then read: a
     tuning set since.
  do 16 pages of dating and matchmaking (a slow-dating app's success stories on Next.js, a speed-dating night
     on Elementor with The Events Calendar, a dating-app review on Ghost, an LGBTQ+ social club on Squarespace;
     a matchmaking agency on TYPO3, hiking singles on Jimdo, a newspaper's personal ads on Drupal; a dating coach
     on Wix, a matchmaking agency on Divi, a dating app's profile cards on Webflow; speed dating on WPBakery, a
     couple's love story on a block theme, an over-50s club on Joomla; love stories on Nuxt with ImageKit, a
     dating coach on Shopify, a singles aperitivo on Avada; 4 English, 3 each German, French, Spanish and
     Italian), 463 references (184 personal, 5 unsure), written by a reviewer who never saw the detector, who
     said the last nine pages share one layout under each CMS's markup, written in haste; measured once: 0.822
     (P 0.858, R 0.788; sure labels 0.823; keyword baseline 0.163): a clean figure. Its errors were then read:
     a tuning set since.
  dp 16 pages of public safety and justice (a police force's missing-person appeal on Drupal, a lifeboat
     station's crew on Elementor, a lock and camera shop on Shopify, a criminal-defence firm on Squarespace; a
     volunteer fire brigade on TYPO3, a mountain-rescue blog on Astra, neighbourhood police officers on Contao;
     a court's judges on Drupal, a victims' charity on Wix, a road-safety campaign on Next.js; a local police's
     news on Joomla, sea-rescue volunteers on Webflow, a prison's visits on Drupal; court reporting on Ghost,
     volunteer firefighters on Jimdo, mountain rescue on Nuxt; 4 English, 3 each German, French, Spanish and
     Italian), 454 references (178 personal, 1 unsure), written by a reviewer who never saw the detector, who
     said the last ten pages share one template; measured once: 0.774 (P 0.789, R 0.758; sure labels 0.772;
     keyword baseline 0.330): a clean figure. Its errors were then read: a tuning set since.
  dq 16 pages of everyday sites in languages no word list held then, written in two parts by two reviewers who
     never saw the detector: 9 pages (a football club on Elementor and a dentist on Wix in Dutch; a bakery on
     Nuvemshop and a restaurant on Squarespace in Portuguese; a school on Joomla and a car dealer on Next.js in
     Polish; a design shop on Shopify and a municipality on Sitevision in Swedish; a hotel on Umbraco in Danish),
     378 references, measured once: 0.739 (P 0.966, R 0.599; sure labels 0.742; keyword baseline 0.106); their
     errors were read, and then 7 pages the first reviewer had no time for (a hotel on Webflow in Norwegian, a
     news article on WordPress and a garage on Webnode in Czech, a news article on Next.js in Romanian, an
     olive-oil shop on Shopify in Turkish, a taverna on Wix and a hotel on Joomla in Greek), 267 references,
     measured once: 0.658 (P 0.812, R 0.553; keyword baseline 0.220). In all 645 references (236 personal, 4
     unsure); the two first figures pooled: 0.706. Its errors were then read: a tuning set since.
  dr 16 pages of personal sites and blogs (a family's holiday post on a Kadence block theme, a professor's profile
     on TYPO3, a yoga teacher's "about me" on Jimdo; a potter's studio journal on Shopify, a designer's essay on
     Ghost, a coach's link-in-bio on Linktree, a supper-club post on Medium, an elopement photographer on
     Squarespace; a couple's travel diary on Wix, a dietitian's "sobre mí" on Elementor; a sociologist's
     academic site on Hugo, an illustrator's portfolio on Divi, a newsletter issue on Substack; a grandmother's
     garden blog on Blogger, a developer's CV on Next.js; a UX researcher in Dutch on Webflow), 447 references
     (155 personal, 9 unsure), written by a reviewer who never saw the detector; measured once: 0.784 (P 0.762,
     R 0.806; sure labels 0.796; keyword baseline 0.241; the same with the code before that session): a clean
     figure. Its errors were then read: a tuning set since.
  ds 16 pages of shops and marketplaces (activewear with Judge.me customer photos on Shopify, headphones on
     Magento, a used sideboard on a PHP classifieds site, print-on-demand T-shirts on WooCommerce, glasses on
     models on BigCommerce; a second-hand seller's profile on Next.js, sofas on Shopware, an organic farm shop
     on JTL; dresses on PrestaShop, handmade earrings with Stamped reviews on Shopify, a used wedding dress on
     Next.js; a silversmith's marketplace shop, refurbished phones on WooCommerce; a linen jacket on Magento
     with Hyvä, a ceramics shop and classes on Wix; children's dresses in Dutch on Lightspeed), 461 references
     (156 personal, 13 unsure), written by a reviewer who never saw the detector; measured once: 0.681 (P 0.783,
     R 0.603; sure labels 0.677; keyword baseline 0.319; the same with the code before that session): a clean
     figure. Its errors were then read: a tuning set since.
  dt 16 pages of photography (a wedding photographer on Squarespace, stock-photo results on Next.js, a photo
     community's profile on React, a stock photo's page on Laravel, an architecture photo blog on Ghost; a
     landscape photographer on Divi, a photo agency on TYPO3, a used lens on Shopify; a photo contest's
     winners on Drupal, a corporate headshot photographer on Webflow, a newborn photographer on Jimdo; a
     product photo studio on Wix, a wedding blog on Elementor; a camera review on GeneratePress, a photo club
     on Joomla; a newspaper's reader photo contest in Dutch on AMP), 415 references (153 personal, 12 unsure),
     written by a reviewer who never saw the detector; measured once: 0.838 (P 0.832, R 0.843; sure labels
     0.849; keyword baseline 0.533; 0.851 with the code before that session, whose rule that an alt text
     mentioning nobody outweighs a name beside it cost a contest's grand prix, "Le passeur de Montsoreau",
     beside "Portrait de Gilles, dernier passeur…"): a clean figure. Its errors were then read: a tuning set
     since.
  dv 16 pages of business-to-business sites (a revenue-ops SaaS's customers on Next.js, a consultancy's leaders
     on Elementor, an industrial pump on Drupal, a startup's careers on Webflow, a robotics newsroom on Ghost; a
     machining firm's "Über uns" on TYPO3, a trade-fair announcement on Divi, a webinar on HubSpot; a digital
     agency's team on Wix, a consultancy's case study on Gutenberg, a butterfly valve on YOOtheme; a B2B agency
     on Squarespace, an engineering firm's projects on custom PHP; an engineering studio on WPBakery, an espresso
     machine maker's fair post on Shopify; a managed-IT provider in Dutch on Umbraco), 471 references (156
     personal, 7 unsure), written by a reviewer who never saw the detector; measured once: 0.864 (P 0.920, R
     0.814; sure labels 0.871; keyword baseline 0.442; 0.844 with the code before that session): a clean figure.
  du 16 pages of fitness and movement (a CrossFit box on Elementor, a personal trainer on Squarespace, a climbing
     gym on Webflow, a yoga studio's shop on Shopify, a swim school's timetable on Next.js; a judo and karate club
     on TYPO3, a Pilates studio on Wix, a gym's class timetable on Drupal; a boxing club on Divi, a dance school's
     gala on Joomla, a yoga blog on Ghost; gym members' transformations on Gutenberg, a dance school on Jimdo; a
     functional gym on Avada, a public pool on custom PHP; a trainer's Instagram profile in Dutch), 453
     references (163 personal, 15 unsure), written by a reviewer who never saw the detector; measured once: 0.864
     (P 0.969, R 0.779; sure labels 0.879; keyword baseline 0.276; the same with the code before that session): a
     clean figure.
The reviewers of `dr` to `dt` also labelled the icons `<link rel=icon>`, `apple-touch-icon`, `mask-icon` and
`msapplication-TileImage` name (100 references, none personal; no reference find_images reports, the earlier
sets list none) and, in `ds`, two full-size photos only a lightbox link names (`data-mfp-src`, `data-image`:
the page's full-size pairs, judged with their thumbnail's word): those labels are left out.
Seven label keys differ from what the reviewers' scripts wrote: four IVW tracking pixels'
`…/politik;?r=…` (in `c`), `…/lokales_bretten;?r=…` (in `f`) and two in `g` keep their empty
`;` parameter, as browsers and the detector keep it, a DoubleClick pixel in `k`, one in
`n` and one in `am` keep the empty query their `…;ord=1?` and `…=?` end with, and a JSON-LD `ImageObject` URL the script of `c` did not list carries the label of the same photo's
og:image rendition. In `t` one reference's label said personal while its reason said "landscape: community well at sunset, no
people"; it is labelled not personal. In `bt` (and one each in `bx` and `by`) IVW pixels' keys keep their `;` as the
others', its three lazy loaders' inline `data:` placeholders (no reference find_images reports)
are not listed, and one page's script tag closed its `src` with the wrong quote (`src="…'>`),
which made a browser (and lexbor) read the whole body as script: the quote is mended as its
author meant it.

    python tests/data/blind/blindset.py [a b c] [--unsure-out] [-v]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SETS = ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "aa", "ab", "ac", "ad", "ae", "af", "ag", "ah", "ai", "aj", "ak", "al", "am", "an", "ao", "ap", "aq", "ar", "as", "at", "au", "av", "aw", "ax", "ay", "az", "ba", "bb", "bc", "bd", "be", "bf", "bg", "bh", "bi", "bj", "bk", "bl", "bm", "bn", "bo", "bp", "bq", "br", "bs", "bt", "bu", "bv", "bw", "bx", "by", "bz", "ca", "cb", "cc", "cd", "ce", "cf", "cg", "ch", "ci", "cj", "ck", "cl", "cm", "cn", "co", "cp", "cq", "cr", "cs", "ct", "cu", "cv", "cw", "cx", "cy", "cz", "da", "db", "dc", "dd", "de", "df", "dg", "dh", "di", "dj", "dk", "dl", "dm", "dn", "do", "dp", "dq", "dr", "ds", "dt", "du", "dv")
# F1 (all labels) the first time each set was measured, before any of its errors were read
FIRST_MEASURED = {"a": 0.794, "b": 0.777, "c": 0.753, "d": 0.736, "e": 0.763, "f": 0.820, "g": 0.876, "h": 0.779, "i": 0.758, "j": 0.757, "k": 0.776, "l": 0.760, "m": 0.625, "n": 0.627, "o": 0.746,
                  "p": 0.712, "q": 0.729, "r": 0.680, "s": 0.633,
                  "t": 0.850, "u": 0.887, "v": 0.792, "w": 0.847, "x": 0.854, "y": 0.778,
                  "z": 0.794, "aa": 0.754, "ab": 0.746, "ac": 0.825, "ad": 0.828, "ae": 0.842, "af": 0.874,
                  "ag": 0.727, "ah": 0.763, "ai": 0.825, "aj": 0.823, "ak": 0.762, "al": 0.838, "am": 0.747, "an": 0.854, "ao": 0.799, "ap": 0.835, "aq": 0.819, "ar": 0.832, "as": 0.792,
                  "at": 0.787, "au": 0.712, "av": 0.794, "aw": 0.749,
                  "ax": 0.759, "ay": 0.839, "az": 0.764, "ba": 0.707,
                  "bb": 0.809, "bc": 0.656, "bd": 0.747, "be": 0.705, "bf": 0.838, "bg": 0.826, "bh": 0.828, "bi": 0.797, "bj": 0.726, "bk": 0.805, "bl": 0.812, "bm": 0.667,
                  "bn": 0.738, "bo": 0.657, "bp": 0.850, "bq": 0.629, "br": 0.819, "bs": 0.697, "bt": 0.778, "bu": 0.521, "bv": 0.629, "bw": 0.820, "bx": 0.686, "by": 0.794, "bz": 0.822, "ca": 0.870, "cb": 0.878, "cc": 0.809,
                  "cd": 0.776, "ce": 0.763, "cf": 0.870, "cg": 0.657,
                  "ch": 0.781, "ci": 0.440, "cj": 0.785, "ck": 0.828, "cl": 0.470, "cm": 0.813,
                  "cn": 0.710, "co": 0.783, "cp": 0.757,
                  "cq": 0.715, "cr": 0.793, "cs": 0.797, "ct": 0.654, "cu": 0.715, "cv": 0.734,
                  "cw": 0.829, "cx": 0.914, "cy": 0.827,
                  "cz": 0.755, "da": 0.752, "db": 0.709,
                  "dc": 0.719, "dd": 0.825, "de": 0.780,
                  "df": 0.706, "dg": 0.700, "dh": 0.684,
                  "di": 0.712, "dj": 0.678, "dk": 0.696,
                  "dl": 0.644, "dm": 0.795, "dn": 0.689,
                  "do": 0.822, "dp": 0.774, "dq": 0.706,
                  "dr": 0.784, "ds": 0.681, "dt": 0.838, "du": 0.864, "dv": 0.864}


def load(name: str) -> dict[str, Any]:
    return json.loads((HERE / name / "labels.json").read_text(encoding="utf-8"))


def available() -> list[str]:
    return [name for name in SETS if (HERE / name / "labels.json").is_file()]


def evaluate(name: str, skip_unsure: bool = False, verbose: bool = False) -> dict[str, Any]:
    """Precision / recall / F1 of `personal` on one set. A labelled URL the detector does not
    report counts as predicted not personal; `skip_unsure` leaves out the labels marked unsure."""
    from scrapeguard.detect import find_images

    tp = fp = fn = tn = missing = 0
    errors: list[str] = []
    for page, entry in sorted(load(name).items()):
        got = {r.url: r for r in find_images((HERE / name / page).read_bytes(), entry["base_url"])}
        for url, label in entry["images"].items():
            if skip_unsure and label.get("unsure"):
                continue
            ref = got.get(url)
            missing += ref is None
            pred, truth = bool(ref and ref.personal), bool(label["personal"])
            tp += pred and truth
            fp += pred and not truth
            fn += truth and not pred
            tn += not pred and not truth
            if verbose and pred != truth:
                errors.append(f"{'FP' if pred else 'FN'} {page} {url[-80:]} ({label.get('why')})"
                              f" {ref.score if ref else '-'} {list(ref.reasons[:5]) if ref else ''}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"set": name, "pages": len(load(name)), "references": tp + fp + fn + tn, "missing": missing,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "first_measured": FIRST_MEASURED.get(name), "errors": errors}


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("-")] or available()
    for set_name in args:
        for unsure in (False, True):
            result = evaluate(set_name, skip_unsure=unsure, verbose="-v" in sys.argv and not unsure)
            errors = result.pop("errors")
            print(("sure labels only " if unsure else "") + json.dumps(result))
            for line in errors:
                print("  " + line)
